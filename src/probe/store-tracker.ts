import { createHash } from 'node:crypto';
import { openKeyCounter, type KeyCounter } from './store-counter.js';

/**
 * Store correlation: the set of keys before and after each step, so a step's new keys are known
 * even when the response hides the session (no Set-Cookie). The key prefix is learned from the first
 * new key that contains a session id the target handed out, or taken from --store-prefix.
 */
export class StoreTracker {
  readonly #counter: KeyCounter;
  #prefix: string | null;
  readonly #prefixGiven: boolean;
  #last: Set<string> | undefined;
  readonly keysCreated: Record<string, number> = {};
  readonly keysRemoved: Record<string, number> = {};
  readonly #newKeys = new Map<string, string[]>();

  private constructor(counter: KeyCounter, prefix: string | undefined) {
    this.#counter = counter;
    this.#prefix = prefix ?? null;
    this.#prefixGiven = prefix !== undefined;
  }

  static async open(url: string, prefix: string | undefined): Promise<StoreTracker> {
    return new StoreTracker(await openKeyCounter(url), prefix);
  }

  get redacted(): string {
    return this.#counter.redacted;
  }

  get prefix(): string | null {
    return this.#prefix;
  }

  async before(): Promise<void> {
    this.#last ??= await this.#counter.keys(this.#prefix);
  }

  /** Diffs against the snapshot taken before the step; `ids` are session ids seen in its response. */
  async after(step: string, ids: string[]): Promise<{ created: string[]; removed: string[] }> {
    const now = await this.#counter.keys(this.#prefix);
    let created = [...now].filter((k) => !this.#last!.has(k));
    const removed = [...this.#last!].filter(
      (k) => !now.has(k) && (this.#prefix === null || k.startsWith(this.#prefix)),
    );
    this.#last = now;
    if (!this.#prefixGiven && this.#prefix === null && created.length > 0) {
      this.#prefix = learnPrefix(created, ids);
      if (this.#prefix !== null) {
        const p = this.#prefix;
        created = created.filter((k) => k.startsWith(p));
        this.#last = new Set([...now].filter((k) => k.startsWith(p)));
      }
    }
    this.keysCreated[step] = created.length;
    // Only steps that removed something: most steps remove nothing, and the report stays as it was.
    if (removed.length > 0) this.keysRemoved[step] = removed.length;
    this.#newKeys.set(step, created);
    return { created, removed };
  }

  async close(): Promise<void> {
    await this.#counter.close();
  }
}

/**
 * `sess:<id>` → `sess:`, and `session_<md5 hex of the id>` → `session_`. When no key holds an id or
 * its digest, fall back to the most common leading segment up to its first `:`, which keeps other
 * apps' keys out of later counts.
 */
export function learnPrefix(keys: string[], ids: string[]): string | null {
  for (const id of ids) {
    for (const key of keys) {
      // The prefix is what stands before the placeholder: `session_{md5(id)}` → `session_`.
      const template = keyTemplate(key, id, 'id');
      if (template !== undefined) return template.slice(0, template.indexOf('{'));
    }
  }
  const counts = new Map<string, number>();
  for (const k of keys) {
    const i = k.indexOf(':');
    if (i > 0) counts.set(k.slice(0, i + 1), (counts.get(k.slice(0, i + 1)) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : null;
}

/** A cookie value as the store sees it: URL-decoded, without express's `s:` and signature. */
export function idVariants(value: string): string[] {
  const out = new Set([value]);
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    /* not URL-encoded */
  }
  out.add(decoded);
  const signed = /^s:([^.]+)\./.exec(decoded);
  if (signed) out.add(signed[1]!);
  // @fastify/session signs as `<id>.<sig>` without the `s:`.
  const dot = /^([A-Za-z0-9_-]{16,})\.[A-Za-z0-9+/_-]{20,}=*$/.exec(decoded);
  if (dot) out.add(dot[1]!);
  return [...out].filter((v) => v.length >= 8);
}

const DIGESTS = ['md5', 'sha1', 'sha256'] as const;

/**
 * How a store key relates to a value the client sent or was given: the key's prefix plus the value
 * (`session_{id}`), or plus its md5/sha1/sha256 hex (`session_{md5(token)}`); undefined when neither.
 */
export function keyTemplate(key: string, value: string, name: 'id' | 'token'): string | undefined {
  const variants = idVariants(value);
  for (const v of variants) if (key.endsWith(v) && key.length > v.length) return `${key.slice(0, -v.length)}{${name}}`;
  for (const digest of DIGESTS) {
    for (const v of variants) {
      const hex = createHash(digest).update(v).digest('hex');
      if (key.toLowerCase().endsWith(hex) && key.length > hex.length)
        return `${key.slice(0, -hex.length)}{${digest}(${name})}`;
    }
  }
  return undefined;
}
