/**
 * Secrets (passwords from store URLs, tokens, session ids) are registered here when they enter the
 * process, so any text that leaves it (errors, stacks, reports) can be scrubbed in one place even
 * when a library quotes them back in its own error messages.
 */
const secrets = new Set<string>();

export function registerSecret(secret: string | undefined): void {
  // Very short secrets would scrub ordinary words out of messages; they are weak anyway.
  if (secret && secret.length >= 3) secrets.add(secret);
}

const PLACEHOLDERS: ReadonlySet<string> = new Set(['PASSWORD', '<password>']);

export function scrub(text: string): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^@/\s:]*):([^@/\s]*)@/gi, (m, scheme: string, user: string, pass: string) =>
    // A hint's placeholder (redis://:PASSWORD@host) teaches the URL form; a real password that
    // happens to read so is still registered as a secret and replaced below.
    PLACEHOLDERS.has(pass) ? m : `${scheme}${user ? `${user}:` : ':'}***@`,
  );
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

/**
 * Redacts a session key or id for display: keeps the prefix and the first 6 characters of the id,
 * and appends a short stable hash so two redacted keys can still be told apart.
 * `sess:vHOoFdQ1x…` → `sess:vHOoFd…#a1b2c3`.
 */
export function redactKey(key: string, prefix = ''): string {
  const id = key.slice(prefix.length);
  if (id.length <= 8) return `${prefix}${'*'.repeat(id.length)}`;
  return `${prefix}${id.slice(0, 6)}…#${shortHash(key)}`;
}

/** Redacts an opaque secret value entirely except its length and a stable hash. */
export function redactValue(value: string): string {
  return `<redacted ${value.length} chars #${shortHash(value)}>`;
}

function shortHash(s: string): string {
  // FNV-1a 32-bit: stable, fast, not a security boundary (it only tells redacted items apart).
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0').slice(0, 6);
}
