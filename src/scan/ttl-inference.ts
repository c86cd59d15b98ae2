/**
 * Infers a prefix's initial TTL from PTTL + idle: a key written with TTL T and not touched since
 * has PTTL + idle = T (± 1 s). A touching read lowers the sum, a write restores it, so the most
 * frequent sum is the TTL the framework sets. Counts are kept per whole second, capped in size.
 */
export class TtlInference {
  readonly #counts = new Map<number, number>();
  #best: number | undefined;
  #bestCount = 0;

  add(ttlMs: number | null | undefined, idleS: number | undefined): void {
    if (ttlMs === null || ttlMs === undefined || idleS === undefined || ttlMs < 0) return;
    const sum = Math.round(ttlMs / 1000 + idleS);
    const counts = this.#counts;
    const n = (counts.get(sum) ?? 0) + 1;
    if (n === 1 && counts.size >= 4096) return;
    counts.set(sum, n);
    // PTTL and idle round independently: judge ±1 s windows, centred on each second they touch.
    // Runs per scanned key: the five counts those windows need, read once.
    const m2 = counts.get(sum - 2) ?? 0;
    const m1 = counts.get(sum - 1) ?? 0;
    const p1 = counts.get(sum + 1) ?? 0;
    const p2 = counts.get(sum + 2) ?? 0;
    // The window centred on the key's own sum goes first: on a tie it stays the best, so keys that
    // all agree on one sum give that sum, not the second before it.
    this.#consider(sum, m1 + n + p1);
    this.#consider(sum - 1, m2 + m1 + n);
    this.#consider(sum + 1, n + p1 + p2);
  }

  #consider(centre: number, n: number): void {
    if (n > this.#bestCount || (n === this.#bestCount && centre === this.#best)) {
      this.#best = centre;
      this.#bestCount = n;
    }
  }

  /** The inferred initial TTL in seconds, once at least 3 keys agree. */
  get initialTtlS(): number | undefined {
    return this.#bestCount >= 3 ? this.#best : undefined;
  }

  get support(): number {
    return this.#bestCount;
  }
}
