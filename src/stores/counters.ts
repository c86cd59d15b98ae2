/**
 * One node's O(1) counters at one instant, as `sessctl watch` reads them every interval. Monotonic
 * counters restart at 0 with the server; `startId` (run id / pid) tells a restart from a fall.
 */
export interface NodeCounters {
  node: string;
  /** Changes when the server restarts: counters before and after do not subtract. */
  startId: string;
  /** Keys now (Redis INFO keyspace `keys` of the db; memcached `curr_items`). */
  keys: number;
  /** Keys the server removed by itself since it started because they expired. */
  expired: number;
  /** Keys evicted under memory pressure since start. */
  evicted: number;
  /** Keys removed by clients since start, where the server counts them (memcached `delete_hits`); Redis counts DEL calls, not keys. */
  deleted?: number;
}

export interface CounterReading {
  nodes: NodeCounters[];
  /** Nodes that did not answer this time. */
  failed: Array<{ node: string; error: string }>;
}

/**
 * The store's O(1) counters (Redis INFO, memcached `stats`), read through its own connections.
 * Read-only: nothing here changes a server setting (no CONFIG SET, keyspace notifications or
 * `stats detail` switch).
 */
export interface CounterSource {
  read(signal?: AbortSignal): Promise<CounterReading>;
}
