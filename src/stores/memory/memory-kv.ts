/**
 * An in-process key/value store with the signals the scan reads from Redis: remaining TTL, idle
 * time and a touching vs non-touching read. `memory://name` URLs resolve to one shared instance per
 * name, so the demo's apps, the middleware's default store and `sessctl scan memory://name` all see
 * the same keys inside one process.
 */
export interface MemoryEntry {
  value: Buffer;
  /** Absolute expiry in ms since the epoch; undefined = never expires. */
  expiresAt: number | undefined;
  /** Last touching access (read or write), ms since the epoch. */
  lastAccess: number;
  /** Time of the last write, ms since the epoch. */
  lastWrite: number;
}

export class MemoryKv {
  readonly #map = new Map<string, MemoryEntry>();
  /** Counts writes; the tests and the demo use it to prove that a request wrote nothing. */
  writes = 0;
  readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  #live(key: string): MemoryEntry | undefined {
    const e = this.#map.get(key);
    if (e && e.expiresAt !== undefined && e.expiresAt <= this.now()) {
      this.#map.delete(key);
      return undefined;
    }
    return e;
  }

  /** A read that counts as an access, like Redis GET. */
  get(key: string): Buffer | undefined {
    const e = this.#live(key);
    if (!e) return undefined;
    e.lastAccess = this.now();
    return e.value;
  }

  /** A read that leaves the idle clock alone, like GET under CLIENT NO-TOUCH. */
  peek(key: string): MemoryEntry | undefined {
    return this.#live(key);
  }

  set(key: string, value: Buffer | string, ttlMs?: number): void {
    const now = this.now();
    this.writes++;
    this.#map.set(key, {
      value: typeof value === 'string' ? Buffer.from(value) : value,
      expiresAt: ttlMs === undefined ? undefined : now + ttlMs,
      lastAccess: now,
      lastWrite: now,
    });
  }

  /** Sets an entry exactly as given (restore). */
  put(key: string, entry: MemoryEntry): void {
    this.writes++;
    this.#map.set(key, { ...entry });
  }

  /** Resets the TTL without rewriting the value, like PEXPIRE; counts as an access. */
  pexpire(key: string, ttlMs: number): boolean {
    const e = this.#live(key);
    if (!e) return false;
    e.expiresAt = this.now() + ttlMs;
    e.lastAccess = this.now();
    return true;
  }

  delete(key: string): boolean {
    const had = this.#live(key) !== undefined;
    if (had) this.writes++;
    this.#map.delete(key);
    return had;
  }

  get size(): number {
    return this.#map.size;
  }

  /** Live keys, in insertion order; expired entries are dropped on the way. */
  *keys(): IterableIterator<string> {
    for (const key of [...this.#map.keys()]) if (this.#live(key)) yield key;
  }

  clear(): void {
    this.#map.clear();
  }
}

const registry = new Map<string, MemoryKv>();

/** The shared in-process store for `memory://name`. */
export function memoryKv(name = 'default'): MemoryKv {
  let kv = registry.get(name);
  if (!kv) registry.set(name, (kv = new MemoryKv()));
  return kv;
}
