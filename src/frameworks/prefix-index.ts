/**
 * Longest-prefix lookup over a fixed set of prefixes, indexed by first character: on the scan hot
 * path most keys share no first character with any known prefix and cost one map lookup instead of
 * a `startsWith` per prefix.
 */
export class PrefixIndex {
  readonly #byFirst = new Map<number, readonly string[]>();
  /** Prefixes no longer one starts with: a key that starts with one has it as its longest. */
  readonly #final = new Set<string>();
  /** The last answer, when final: a scan's keys come in runs under one prefix. */
  #last: string | undefined;

  constructor(prefixes: Iterable<string>) {
    const sorted = [...new Set(prefixes)].filter((p) => p !== '').sort((a, b) => b.length - a.length);
    for (const p of sorted) this.#byFirst.set(p.charCodeAt(0), [...(this.#byFirst.get(p.charCodeAt(0)) ?? []), p]);
    for (const p of sorted) if (!sorted.some((q) => q.length > p.length && q.startsWith(p))) this.#final.add(p);
  }

  /** The longest prefix that starts `key`, or undefined. */
  longest(key: string): string | undefined {
    const last = this.#last;
    if (last !== undefined && key.startsWith(last)) return last;
    const candidates = this.#byFirst.get(key.charCodeAt(0));
    if (candidates) {
      for (const p of candidates) {
        if (!key.startsWith(p)) continue;
        this.#last = this.#final.has(p) ? p : undefined;
        return p;
      }
    }
    return undefined;
  }
}
