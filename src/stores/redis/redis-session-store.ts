import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseStoreUrl } from '../store-url.js';
import { tlsConnectOptions } from '../tls-options.js';
import type { SessionStore } from '../session-store.js';
import { SESSCTL_KEY_PREFIX } from '../../frameworks/sessctl.js';

export interface RedisStoreOptions {
  /** Your own ioredis client (standalone, Sentinel or Cluster). The store never closes it. */
  client?: Redis | Cluster;
  /** Or a store URL: `redis://`, `rediss://`, `valkey://`, `redis+cluster://`, `redis+sentinel://`. */
  url?: string;
  /** Extra ioredis options for a client created from `url`. */
  redisOptions?: RedisOptions;
  /** Key prefix. Default `sessctl:` (what `sessctl scan` recognises as this middleware's sessions). */
  prefix?: string;
}

/**
 * Redis and Valkey (standalone, Sentinel, Cluster). One round trip per read (GET + PTTL written
 * together, same key so same slot); rolling expiry is `PEXPIRE`, never a rewrite; writes are `SET … PX`.
 */
export function redisStore({
  client,
  url,
  redisOptions,
  prefix = SESSCTL_KEY_PREFIX,
}: RedisStoreOptions): SessionStore {
  if (!client && !url) throw new TypeError('redisStore needs a client or a url');
  const own = !client;
  const redis = client ?? clientFromUrl(url!, redisOptions);
  const name = url ? parseStoreUrl(url).redacted : redis instanceof Cluster ? 'redis cluster' : 'redis';
  return {
    name,
    capabilities: { ttl: true, touch: true },
    async get(id) {
      const key = prefix + id;
      // One pipeline: both commands in one socket write and one round trip (measured ~5% more
      // authenticated GETs/s than two plain calls under Promise.all).
      const replies = await redis.pipeline().getBuffer(key).pttl(key).exec();
      const [getReply, ttlReply] = replies ?? [];
      if (getReply?.[0]) throw getReply[0];
      const payload = getReply?.[1] as Buffer | null | undefined;
      if (!payload) return undefined;
      const ttl = ttlReply?.[0] ? -1 : (ttlReply?.[1] as number);
      return { payload, ttlMs: ttl >= 0 ? ttl : undefined };
    },
    async set(id, payload, ttlMs) {
      await redis.set(prefix + id, payload, 'PX', Math.max(1, Math.round(ttlMs)));
    },
    async touch(id, ttlMs) {
      return (await redis.pexpire(prefix + id, Math.max(1, Math.round(ttlMs)))) === 1;
    },
    async destroy(id) {
      await redis.del(prefix + id);
    },
    async close() {
      if (own) redis.disconnect();
    },
  };
}

/**
 * A client that keeps reconnecting while the app runs (a session store outlives outages), but
 * fails each command fast while disconnected so the middleware's timeout is rarely the one to fire.
 */
function clientFromUrl(url: string, extra: RedisOptions = {}): Redis | Cluster {
  const parsed = parseStoreUrl(url);
  const base: RedisOptions = {
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
    ...extra,
  };
  const auth = 'username' in parsed ? { username: parsed.username, password: parsed.password } : {};
  // rediss://…?cacert=&cert=&key=&insecure&sni= (files read here: a bad path throws at start-up).
  const tls =
    'tls' in parsed && parsed.tls
      ? {
          tls: {
            ...extra.tls,
            ...tlsConnectOptions(parsed.tls, parsed.kind === 'redis' ? parsed.node.host : undefined),
          },
        }
      : {};
  let client: Redis | Cluster;
  switch (parsed.kind) {
    case 'redis':
      client = new Redis({ ...base, ...auth, ...tls, host: parsed.node.host, port: parsed.node.port, db: parsed.db });
      break;
    case 'redis-sentinel':
      client = new Redis({
        ...base,
        ...auth,
        ...tls,
        sentinels: parsed.sentinels,
        name: parsed.masterName,
        db: parsed.db,
        sentinelPassword: parsed.password,
        sentinelUsername: parsed.username,
        ...(tls.tls ? { sentinelTLS: tls.tls, enableTLSForSentinelMode: true } : {}),
      });
      break;
    case 'redis-cluster':
      client = new Cluster(parsed.nodes, { redisOptions: { ...base, ...auth, ...tls } });
      break;
    default:
      throw new TypeError(`redisStore needs a Redis or Valkey URL, got ${parsed.redacted}`);
  }
  // ioredis emits 'error' for every failed reconnect; the request path reports failures itself.
  client.on('error', () => {});
  return client;
}
