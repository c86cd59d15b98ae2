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
    // Merge ±1 s neighbours so the rounding of PTTL and idle does not split the mode.
    const key = this.#counts.has(sum - 1) ? sum - 1 : this.#counts.has(sum + 1) ? sum + 1 : sum;
    if (!this.#counts.has(key) && this.#counts.size >= 4096) return;
    const n = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, n);
    if (n > this.#bestCount || (n === this.#bestCount && key > (this.#best ?? 0))) {
      this.#best = key;
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
