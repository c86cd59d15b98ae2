/**
 * `sessctl watch` against real servers: a generator sends 50 CORS preflights a second to the demo's
 * naive app (each mints a session), then the same traffic goes to the fixed app (sessctl middleware,
 * which mints none). The watch must report the rate within ±20 % once settled, fall to 0 within two
 * intervals of the switch, and leave the server's config and the keys' idle times as they were.
 * Each store kind runs on its own servers: the counters are store-wide, so no other test may write there.
 */
import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../src/demo/listen.js';
import { naiveApp } from '../../src/demo/naive-app.js';
import { sessctlApp } from '../../src/demo/sessctl-app.js';
import { memcachedStore } from '../../src/stores/memcached/memcached-session-store.js';
import { redisStore } from '../../src/stores/redis/redis-session-store.js';
import type { SessionStore } from '../../src/stores/session-store.js';
import { MemcachedConnection } from '../../src/stores/memcached/memcached-connection.js';
import { watch } from '../../src/watch/watch.js';
import type { WatchTick } from '../../src/watch/types.js';
import { preflightGenerator } from '../harness/preflight-generator.js';
import { startCluster, startMemcached, startRedis } from '../harness/servers.js';

const RATE = 50;
const INTERVAL_MS = 1000;
/** Intervals that must hold the rate once settled. */
const SETTLED = 3;
const PAYLOADS: Record<string, boolean> = { redis: false, cluster: false, valkey: true, memcached: true };

interface Target {
  url: string;
  /** Untouched keys written before the watch, and a reading of their idle clocks and the config. */
  seed(): Promise<void>;
  /** What must not change: config (notifications / stats detail) and per-key idle and fetch state. */
  untouched(): Promise<{ config: string; idle: number[]; fetched?: string[] }>;
  stores(): { naive: SessionStore; fixed: SessionStore };
  stop(): Promise<void>;
}

const OLD = Array.from({ length: 10 }, (_, i) => `keep:old${i}${randomBytes(8).toString('hex')}`);
const OLD_VALUE = JSON.stringify({ cookie: { originalMaxAge: 86_400_000, httpOnly: true, path: '/' }, user: 'x' });

function redisTarget(client: Redis | Cluster, url: string, stop: () => Promise<void>): Target {
  return {
    url,
    async seed() {
      for (const k of OLD) await client.set(k, OLD_VALUE, 'PX', 86_400_000);
    },
    async untouched() {
      const masters = client instanceof Cluster ? client.nodes('master') : [client];
      const config = (
        await Promise.all(
          masters.map(async (m) => ((await m.config('GET', 'notify-keyspace-events')) as string[]).join('=')),
        )
      ).join(',');
      const idle = await Promise.all(OLD.map(async (k) => Number(await client.object('IDLETIME', k))));
      return { config, idle };
    },
    stores: () => ({
      naive: redisStore({ client, prefix: 'sess:' }),
      fixed: redisStore({ client }),
    }),
    stop,
  };
}

async function memcachedTarget(): Promise<Target> {
  const server = await startMemcached();
  const conn = await MemcachedConnection.open(server.host, server.port);
  const url = server.url;
  return {
    url,
    async seed() {
      await conn.meta(OLD.map((k) => Buffer.from(`ms ${k} ${OLD_VALUE.length} T86400\r\n${OLD_VALUE}`)));
    },
    async untouched() {
      const settings = await conn.stats('settings');
      // h: fetched since written (0/1), l: seconds since last access; u: this read touches nothing.
      const replies = await conn.meta(OLD.map((k) => `mg ${k} h l u`));
      return {
        config: `detail_enabled=${settings.get('detail_enabled')}`,
        idle: replies.map((r) => Number(r.flags.l)),
        fetched: replies.map((r) => r.flags.h!),
      };
    },
    stores: () => ({ naive: memcachedStore({ url, prefix: 'sess:' }), fixed: memcachedStore({ url }) }),
    stop: async () => {
      conn.close();
      await server.stop();
    },
  };
}

const kinds: Record<string, () => Promise<Target>> = {
  redis: async () => {
    const s = await startRedis('redis');
    const c = new Redis(s.port, s.host);
    return redisTarget(c, s.url, async () => (c.disconnect(), s.stop()));
  },
  valkey: async () => {
    const s = await startRedis('valkey');
    const c = new Redis(s.port, s.host);
    return redisTarget(c, s.url, async () => (c.disconnect(), s.stop()));
  },
  cluster: async () => {
    const s = await startCluster(3);
    const c = new Cluster(s.nodes);
    return redisTarget(c, s.url, async () => (c.disconnect(), s.stop()));
  },
  memcached: memcachedTarget,
};

describe.each(Object.keys(kinds))('sessctl watch on %s', (kind) => {
  let target: Target;
  let naive: Listening;
  let fixed: Listening;
  let stores: { naive: SessionStore; fixed: SessionStore };

  beforeAll(async () => {
    target = await kinds[kind]!();
    stores = target.stores();
    naive = await listen(naiveApp({ store: stores.naive }));
    fixed = await listen(sessctlApp({ store: stores.fixed }));
  });
  afterAll(async () => {
    await naive?.close();
    await fixed?.close();
    await stores?.naive.close?.();
    await stores?.fixed.close?.();
    await target?.stop();
  });

  it(
    'reports 50 preflights/s within ±20 %, 0 within two intervals of the fix, and disturbs nothing',
    { timeout: 60_000 },
    async () => {
      await target.seed();
      const seededAt = Date.now();
      const before = await target.untouched();
      const controller = new AbortController();
      const ticks = watch(target.url, { intervalMs: INTERVAL_MS, signal: controller.signal })[Symbol.asyncIterator]();
      const next = async (): Promise<WatchTick> => {
        for (;;) {
          const { value, done } = await ticks.next();
          if (done) throw new Error('watch ended');
          if (value.type === 'tick') return value.tick;
        }
      };
      // The first tick is the baseline's pair: start the traffic after it.
      await next();
      const gen = preflightGenerator(naive.url, RATE);
      try {
        // One interval for the TTL to be learnt and the generator to reach its pace.
        await next();
        await next();
        const settled: Array<{ reported: number; sent: number; error: number }> = [];
        for (let i = 0; i < SETTLED; i++) {
          const tick = await next();
          const end = Date.parse(tick.t);
          const sess = tick.prefixes.find((p) => p.prefix === 'sess:');
          settled.push({
            reported: sess?.createdPerS ?? 0,
            sent: gen.rateIn(end - tick.intervalS * 1000, end),
            error: sess?.error ?? NaN,
          });
          expect(tick.problems).toEqual([]);
          // Preflight sessions hold nothing: empty where payloads can be read without touching
          // (NO-TOUCH on Valkey 8, mg … u on memcached), unknown on Redis 7.0.
          expect(sess?.emptyShare).toBe(PAYLOADS[kind] ? 1 : null);
          expect(sess?.neverReadShare).toBe(1);
        }
        for (const s of settled)
          expect(Math.abs(s.reported - s.sent) / s.sent, JSON.stringify(settled)).toBeLessThanOrEqual(0.2);
        // The fix: the same preflights now reach the sessctl middleware, which creates nothing.
        gen.retarget(fixed.url);
        const switchedAt = Date.now();
        const after: WatchTick[] = [await next(), await next()];
        // The second interval after the switch lies wholly after it (the first may straddle it).
        expect(Date.parse(after[1]!.t) - after[1]!.intervalS * 1000).toBeGreaterThanOrEqual(switchedAt - 50);
        expect(after[1]!.totals.createdPerS).toBe(0);
        expect(after[1]!.prefixes.find((p) => p.prefix === 'sess:')?.createdPerS).toBe(0);
        const preflightsAfter = gen.done.filter((t) => t > switchedAt).length;
        expect(preflightsAfter).toBeGreaterThan(RATE / 2);
      } finally {
        await gen.stop();
        controller.abort();
        await ticks.return?.(undefined);
      }
      const elapsedS = (Date.now() - seededAt) / 1000;
      const now = await target.untouched();
      expect(now.config).toBe(before.config);
      if (before.fetched) expect(now.fetched).toEqual(before.fetched);
      // Idle clocks kept running: nothing the watch did reset them (1 s resolution, so ± 1).
      for (const idle of now.idle) expect(idle).toBeGreaterThanOrEqual(Math.floor(elapsedS) - 1);
    },
  );
});
