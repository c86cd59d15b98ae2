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
    if (!this.#counts.has(sum) && this.#counts.size >= 4096) return;
    this.#counts.set(sum, (this.#counts.get(sum) ?? 0) + 1);
    // PTTL and idle round independently: judge ±1 s windows, centred on each second they touch.
    for (const c of [sum - 1, sum, sum + 1]) {
      const n = this.#window(c);
      if (n > this.#bestCount || (n === this.#bestCount && c === this.#best)) {
        this.#best = c;
        this.#bestCount = n;
      }
    }
  }

  #window(c: number): number {
    return (this.#counts.get(c - 1) ?? 0) + (this.#counts.get(c) ?? 0) + (this.#counts.get(c + 1) ?? 0);
  }

  /** The inferred initial TTL in seconds, once at least 3 keys agree. */
  get initialTtlS(): number | undefined {
    return this.#bestCount >= 3 ? this.#best : undefined;
  }

  get support(): number {
    return this.#bestCount;
  }
}
