import memjs from 'memjs';
import { parseStoreUrl } from '../store-url.js';
import type { SessionStore } from '../session-store.js';
import { SESSCTL_KEY_PREFIX } from '../../frameworks/sessctl.js';

export interface MemcachedStoreOptions {
  /** Your own memjs client (it may span a pool of servers). The store never closes it. */
  client?: memjs.Client;
  /** Or a pool: `memcached://h1:11211,h2:11211`, or `host:port,host:port`. */
  url?: string;
  /** Key prefix. Default `sessctl:` (what `sessctl scan` recognises as this middleware's sessions). */
  prefix?: string;
}

/**
 * memcached (one server or a pool, keys hashed across it by memjs). Rolling expiry uses `touch`, never
 * a rewrite. The binary protocol cannot report the remaining TTL, so the core throttles touches
 * per process instead.
 */
export function memcachedStore({ client, url, prefix = SESSCTL_KEY_PREFIX }: MemcachedStoreOptions): SessionStore {
  if (!client && !url) throw new TypeError('memcachedStore needs a client or a url');
  const own = !client;
  let name = 'memcached';
  let mc = client;
  if (!mc) {
    const servers = url!.includes('://') ? parseStoreUrl(url!) : undefined;
    if (servers && servers.kind !== 'memcached')
      throw new TypeError(`memcachedStore needs a memcached:// URL, got ${servers.redacted}`);
    const list = servers ? servers.servers.map((s) => `${s.host}:${s.port}`).join(',') : url!;
    name = servers ? servers.redacted : `memcached://${list}`;
    // failover moves keys of a dead server to the others instead of failing every request for them.
    mc = memjs.Client.create(list, { retries: 1, timeout: 1, conntimeout: 1, failover: true, logger: { log() {} } });
  }
  const memcached = mc;
  // memcached expirations over 30 days are absolute timestamps; keep relative TTLs in range.
  const seconds = (ms: number) => Math.min(Math.max(1, Math.ceil(ms / 1000)), 30 * 24 * 3600);
  return {
    name,
    capabilities: { ttl: false, touch: true },
    async get(id) {
      const { value } = await memcached.get(prefix + id);
      return value ? { payload: value } : undefined;
    },
    async set(id, payload, ttlMs) {
      await memcached.set(prefix + id, payload, { expires: seconds(ttlMs) });
    },
    async touch(id, ttlMs) {
      return memcached.touch(prefix + id, seconds(ttlMs));
    },
    async destroy(id) {
      await memcached.delete(prefix + id);
    },
    async close() {
      if (own) memcached.close();
    },
  };
}
