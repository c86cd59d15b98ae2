import { hash, randomBytes } from 'node:crypto';

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
  let out = text.replace(
    /(\b[a-z][a-z0-9+.-]*:\/\/)([^@/\s:]*):([^@/\s]*)@/gi,
    (m, scheme: string, user: string, pass: string) =>
      // A hint's placeholder (redis://:PASSWORD@host) teaches the URL form; a real password that
      // happens to read so is still registered as a secret and replaced below.
      PLACEHOLDERS.has(pass) ? m : `${scheme}${user ? `${user}:` : ':'}***@`,
  );
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

/**
 * Redacts a session key or id for display: keeps the prefix and the first 6 characters of the id,
 * and appends a short tag so two redacted keys of one run can still be told apart.
 * `sess:vHOoFdQ1x…` → `sess:vHOoFd…#a1b2c3`.
 */
export function redactKey(key: string, prefix = ''): string {
  const id = key.slice(prefix.length);
  if (id.length <= 8) return `${prefix}${'*'.repeat(id.length)}`;
  return `${prefix}${id.slice(0, 6)}…#${shortHash(key)}`;
}

/**
 * Redacts an opaque secret value entirely except its length and a tag: equal values in one run's
 * output carry equal tags; nobody can compute a tag from a guess (see `shortHash`).
 */
export function redactValue(value: string): string {
  return `<redacted ${value.length} chars #${shortHash(value)}>`;
}

/**
 * The key of this run's tags. Random per process: a tag is comparable within one report, and a
 * dictionary cannot be hashed against it (an unkeyed 24-bit hash gave `hunter2` away in
 * milliseconds, issue 21). Never written anywhere.
 */
const RUN_KEY = randomBytes(32).toString('hex');

function shortHash(s: string): string {
  // SHA-256 over a secret 256-bit prefix, not HMAC: ndjson redacts every key of a scan, and the
  // one-shot hash costs a third of createHmac; with a secret prefix and 24 bits kept, nothing can
  // be extended or guessed.
  return hash('sha256', RUN_KEY + s).slice(0, 6);
}
