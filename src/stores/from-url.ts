import { parseStoreUrl, type StoreUrl } from './store-url.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  /** How long the first connection may take before the store counts as unreachable (exit 3). */
  connectTimeoutMs?: number;
  /**
   * An RDB dump: read only this database's keys (clean --plan-from: the live URL's db). A live
   * store's URL names its database itself.
   */
  db?: number;
  signal?: AbortSignal;
}

/**
 * Opens any store of the URL contract for scanning. A bad URL throws SESSCTL_STORE_URL (exit 2);
 * an unreachable store SESSCTL_STORE_UNREACHABLE (exit 3). Neither message carries credentials.
 *
 * @example
 * const store = await openStore('redis://localhost:6379');
 * for await (const e of store.walk({ match: 'sess:*' })) if (e.type === 'batch') console.log(e.records.length);
 * await store.close();
 */
export async function openStore(url: string | StoreUrl, options: OpenStoreOptions = {}): Promise<Store> {
  const parsed = typeof url === 'string' ? parseStoreUrl(url) : url;
  // Each kind is loaded when its URL is opened: a CLI run is a fresh process, and a Redis scan
  // should not pay for parsing the RDB reader, its worker and memcached's client at startup.
  switch (parsed.kind) {
    case 'redis':
    case 'redis-cluster':
    case 'redis-sentinel':
      return (await import('./redis/redis-store.js')).openRedisStore(parsed, options);
    case 'memcached':
      return (await import('./memcached/memcached-store.js')).openMemcachedStore(parsed, options);
    case 'memory':
      return (await import('./memory/memory-store.js')).openMemoryStore(parsed);
    case 'rdb':
      return (await import('./rdb/rdb-store.js')).openRdbStore(parsed, { db: options.db, signal: options.signal });
  }
}
