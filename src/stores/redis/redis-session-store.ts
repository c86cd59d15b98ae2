import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseStoreUrl } from '../store-url.js';
import { tlsConnectOptions } from '../tls-options.js';
import type { SessionStore, StoredPayload } from '../session-store.js';
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
 * together, same key so same slot; off a Cluster, the loads of one event-loop turn share it);
 * rolling expiry is `PEXPIRE`, never a rewrite; writes are `SET … PX`.
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
  const load = redis instanceof Cluster ? (key: string) => loadOne(redis, key) : batchedLoad(redis);
  return {
    name,
    capabilities: { ttl: true, touch: true },
    get: (id) => load(prefix + id),
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

type Reply = [error: Error | null, result: unknown];

/** GET + PTTL of one key, from their two pipeline replies; a failed GET fails the load. */
function settle(getReply: Reply | undefined, ttlReply: Reply | undefined): StoredPayload | undefined {
  if (getReply?.[0]) throw getReply[0];
  const payload = getReply?.[1] as Buffer | null | undefined;
  if (!payload) return undefined;
  const ttl = ttlReply?.[0] ? -1 : (ttlReply?.[1] as number);
  return { payload, ttlMs: ttl >= 0 ? ttl : undefined };
}

/** One key in its own pipeline: a Cluster pipeline must keep to one slot, and session ids spread over all of them. */
async function loadOne(redis: Redis | Cluster, key: string): Promise<StoredPayload | undefined> {
  const replies = await redis.pipeline().getBuffer(key).pttl(key).exec();
  return settle(replies?.[0], replies?.[1]);
}

interface PendingLoad {
  key: string;
  resolve(value: StoredPayload | undefined): void;
  reject(err: unknown): void;
}

/**
 * Loads requested in one turn of the event loop go out as one pipeline (GET + PTTL per key), sent
 * once the turn's I/O callbacks are done (setImmediate). Under load many requests arrive per
 * turn, and they then share one socket write, one reply read and one pipeline object; the write
 * syscall and the pipeline were most of a load's cost (bench/middleware.mjs: µs of app CPU per
 * authenticated GET). An idle server sends a lone load in the same turn, so nothing waits longer.
 */
function batchedLoad(redis: Redis): (key: string) => Promise<StoredPayload | undefined> {
  let queue: PendingLoad[] | undefined;
  const flush = () => {
    const batch = queue!;
    queue = undefined;
    const pipeline = redis.pipeline();
    for (const { key } of batch) pipeline.getBuffer(key).pttl(key);
    pipeline.exec().then(
      (replies) => {
        for (let i = 0; i < batch.length; i++) {
          const { resolve, reject } = batch[i]!;
          try {
            resolve(settle(replies?.[2 * i], replies?.[2 * i + 1]));
          } catch (err) {
            reject(err);
          }
        }
      },
      (err: unknown) => {
        for (const { reject } of batch) reject(err);
      },
    );
  };
  return (key) =>
    new Promise((resolve, reject) => {
      if (!queue) {
        queue = [];
        setImmediate(flush);
      }
      queue.push({ key, resolve, reject });
    });
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
