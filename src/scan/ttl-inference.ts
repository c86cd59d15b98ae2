/**
 * Infers a prefix's initial TTL from PTTL + idle: a key written with TTL T and not touched since
 * has PTTL + idle = T (± 1 s). A touching read lowers the sum, a write restores it, so the most
 * frequent sum is the TTL the framework sets. Counts are kept per whole second, capped in size.
 */
export class TtlInference {
  readonly #counts = new Map<number, number>();
  #best: number | undefined;
  #bestCount = 0;
  /**
   * Keys written together share one sum, so a run of it is counted here: the map gets the count
   * when the run ends, and the four neighbouring counts (which the run cannot change) are read once.
   */
  #run = NaN;
  #runCount = 0;
  #m2 = 0;
  #m1 = 0;
  #p1 = 0;
  #p2 = 0;

  add(ttlMs: number | null | undefined, idleS: number | undefined): void {
    if (ttlMs === null || ttlMs === undefined || idleS === undefined || ttlMs < 0) return;
    const sum = Math.round(ttlMs / 1000 + idleS);
    if (sum === this.#run) {
      this.#judge(sum, ++this.#runCount);
      return;
    }
    const counts = this.#counts;
    if (this.#runCount > 0) counts.set(this.#run, this.#runCount);
    const n = (counts.get(sum) ?? 0) + 1;
    if (n === 1 && counts.size >= 4096) {
      this.#runCount = 0;
      this.#run = NaN;
      return;
    }
    this.#run = sum;
    this.#runCount = n;
    this.#m2 = counts.get(sum - 2) ?? 0;
    this.#m1 = counts.get(sum - 1) ?? 0;
    this.#p1 = counts.get(sum + 1) ?? 0;
    this.#p2 = counts.get(sum + 2) ?? 0;
    this.#judge(sum, n);
  }

  /**
   * PTTL and idle round independently: judge ±1 s windows, centred on each second they touch.
   * The window centred on the key's own sum goes first: on a tie it stays the best, so keys that
   * all agree on one sum give that sum, not the second before it.
   */
  #judge(sum: number, n: number): void {
    this.#consider(sum, this.#m1 + n + this.#p1);
    this.#consider(sum - 1, this.#m2 + this.#m1 + n);
    this.#consider(sum + 1, n + this.#p1 + this.#p2);
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
