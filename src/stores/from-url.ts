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
  return (await begin(url, options, false)).opened;
}

/**
 * openStore in two steps: resolves once the store kind's code is loaded and its open has begun,
 * with the open under way. A caller about to load modules of its own (the CLI, the scan's) waits
 * for the first step, or the store's loading would queue behind its: a dump's open starts its
 * reader thread here (openStore's, at its first walk), whose start-up is best begun early: walk or
 * close the store, or that thread is kept until the process exits. A bad URL throws at the first step.
 */
export async function beginOpen(
  url: string | StoreUrl,
  options: OpenStoreOptions = {},
): Promise<{ opened: Promise<Store> }> {
  return begin(url, options, true);
}

async function begin(
  url: string | StoreUrl,
  options: OpenStoreOptions,
  readAhead: boolean,
): Promise<{ opened: Promise<Store> }> {
  const parsed = typeof url === 'string' ? parseStoreUrl(url) : url;
  // Each kind is loaded when its URL is opened: a CLI run is a fresh process, and a Redis scan
  // should not pay for parsing the RDB reader, its worker and memcached's client at startup.
  switch (parsed.kind) {
    case 'redis':
    case 'redis-cluster':
    case 'redis-sentinel': {
      const { openRedisStore } = await import('./redis/redis-store.js');
      return { opened: openRedisStore(parsed, options) };
    }
    case 'memcached': {
      const { openMemcachedStore } = await import('./memcached/memcached-store.js');
      return { opened: openMemcachedStore(parsed, options) };
    }
    case 'memory': {
      const { openMemoryStore } = await import('./memory/memory-store.js');
      return { opened: Promise.resolve().then(() => openMemoryStore(parsed)) };
    }
    case 'rdb': {
      const { openRdbStore } = await import('./rdb/rdb-store.js');
      return { opened: openRdbStore(parsed, { db: options.db, signal: options.signal, readAhead }) };
    }
  }
}
