/**
 * When this process last wrote or touched each session, for stores that cannot report a TTL
 * (memcached): rolling expiry then touches at most once per `touchAfter` per process. Bounded, so
 * a flood of distinct ids cannot grow it without limit; forgetting an id only costs one extra touch.
 */
export class RefreshLog {
  readonly #at = new Map<string, number>();
  readonly #max: number;

  constructor(max = 50_000) {
    this.#max = max;
  }

  get(id: string): number | undefined {
    return this.#at.get(id);
  }

  set(id: string, at: number): void {
    this.#at.delete(id);
    this.#at.set(id, at);
    if (this.#at.size > this.#max) this.#at.delete(this.#at.keys().next().value!);
  }

  delete(id: string): void {
    this.#at.delete(id);
  }
}
