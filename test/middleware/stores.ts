/**
 * The stores of the behaviour matrix, each on the shared test servers under a unique key prefix,
 * with the raw views the assertions need: count keys, read raw bytes, remaining TTL, and "age" a
 * session (shorten its TTL, or advance the clock for memcached, whose TTL the middleware cannot read).
 */
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import memjs from 'memjs';
import { inject } from 'vitest';
import { MemoryKv } from '../../src/stores/memory/memory-kv.js';
import { memcachedStore, memoryStore, redisStore, type SessionStore } from '../../src/middleware/index.js';

export const STORE_KINDS = ['memory', 'redis', 'valkey', 'cluster', 'memcached'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface Counts {
  get: number;
  set: number;
  touch: number;
  destroy: number;
}

export interface TestStore {
  kind: StoreKind;
  prefix: string;
  store: SessionStore;
  counts: Counts;
  /** Keys under this store's prefix. */
  keys(): Promise<string[]>;
  raw(id: string): Promise<Buffer | undefined>;
  /** Remaining TTL in ms. */
  ttl(id: string): Promise<number>;
  /** Makes the stored session look `ms` older than its last refresh. */
  age(id: string, ms: number, ttlMs: number): Promise<void>;
  clock: { now: () => number; advance(ms: number): void };
  close(): Promise<void>;
}

/** Counts calls on the real store; every call still goes to the real server. */
function counting(store: SessionStore, counts: Counts): SessionStore {
  return {
    ...store,
    get: (id) => (counts.get++, store.get(id)),
    set: (id, p, t) => (counts.set++, store.set(id, p, t)),
    touch: (id, t) => (counts.touch++, store.touch(id, t)),
    destroy: (id) => (counts.destroy++, store.destroy(id)),
    close: () => store.close(),
  };
}

export async function makeStore(kind: StoreKind, label: string): Promise<TestStore> {
  const servers = inject('servers');
  const prefix = `mwtest:${label}:${kind}:${randomBytes(4).toString('hex')}:`;
  const counts: Counts = { get: 0, set: 0, touch: 0, destroy: 0 };
  let offset = 0;
  const clock = { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
  const base = { kind, prefix, counts, clock };
  if (kind === 'memory') {
    const kv = new MemoryKv();
    return {
      ...base,
      store: counting(memoryStore({ kv, prefix }), counts),
      keys: async () => [...kv.keys()].filter((k) => k.startsWith(prefix)),
      raw: async (id) => kv.peek(prefix + id)?.value,
      ttl: async (id) => (kv.peek(prefix + id)?.expiresAt ?? 0) - Date.now(),
      age: async (id, ms, ttlMs) => void kv.pexpire(prefix + id, ttlMs - ms),
      close: async () => {},
    };
  }
  if (kind === 'memcached') {
    const client = memjs.Client.create(`127.0.0.1:${servers.memcached.port}`, { logger: { log() {} } });
    return {
      ...base,
      store: counting(memcachedStore({ client, prefix }), counts),
      keys: () => memcachedKeys(servers.memcached.port, prefix),
      raw: async (id) => (await client.get(prefix + id)).value ?? undefined,
      ttl: (id) => memcachedTtl(servers.memcached.port, prefix + id),
      // The middleware cannot read memcached TTLs, so it goes by its clock: shorten the TTL and advance the clock.
      age: async (id, ms, ttlMs) => {
        await client.touch(prefix + id, Math.ceil((ttlMs - ms) / 1000));
        clock.advance(ms);
      },
      close: async () => client.close(),
    };
  }
  const client =
    kind === 'cluster'
      ? new Cluster(servers.cluster.nodes)
      : new Redis(kind === 'redis' ? servers.redis.port : servers.valkey.port, '127.0.0.1');
  const nodes = () => (client instanceof Cluster ? client.nodes('master') : [client]);
  return {
    ...base,
    store: counting(redisStore({ client, prefix }), counts),
    keys: async () => (await Promise.all(nodes().map((n) => scanAll(n, `${prefix}*`)))).flat(),
    raw: async (id) => (await client.getBuffer(prefix + id)) ?? undefined,
    ttl: (id) => client.pttl(prefix + id),
    age: async (id, ms, ttlMs) => void (await client.pexpire(prefix + id, ttlMs - ms)),
    close: async () => void client.disconnect(),
  };
}

async function scanAll(node: Redis, match: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    out.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return out;
}

/** One text-protocol exchange with memcached, read until `terminator`. */
function memcachedText(port: number, line: string, terminator: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (terminator.test(buf)) {
        s.end();
        resolve(buf);
      }
    });
    s.on('error', reject);
    s.write(`${line}\r\n`);
  });
}

async function memcachedKeys(port: number, prefix: string): Promise<string[]> {
  const dump = await memcachedText(port, 'lru_crawler metadump all', /(^|\n)(END|ERROR[^\r\n]*)\r\n$/);
  return [...dump.matchAll(/^key=(\S+)/gm)].map((m) => decodeURIComponent(m[1]!)).filter((k) => k.startsWith(prefix));
}

async function memcachedTtl(port: number, key: string): Promise<number> {
  const reply = await memcachedText(port, `mg ${key} t`, /\r\n$/);
  const t = /\bt(-?\d+)/.exec(reply);
  return t ? Number(t[1]) * 1000 : -2;
}
