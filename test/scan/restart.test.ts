import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/scan.js';
import { MemcachedConnection } from '../../src/stores/memcached/memcached-connection.js';
import { startMemcached, startRedis, type RunningServer } from '../harness/servers.js';
import { connectMemcachedSession, expressSession, sid } from '../clean/sessions.js';

const KEYS = 3000;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function seedRedis(port: number): Promise<void> {
  const r = new Redis(port, '127.0.0.1');
  const { value, ttlMs } = expressSession('empty');
  const p = r.pipeline();
  for (let i = 0; i < KEYS; i++) p.set(`sess:${sid()}`, value, 'PX', ttlMs);
  await p.exec();
  // The restarted server loads this dump: same keys, new process, new hash table.
  await r.save();
  r.disconnect();
}

describe('a server restarted on the same port during a scan', () => {
  it('Redis: the walk says the node restarted (incomplete), and a rerun reads every key', async () => {
    server = await startRedis('redis');
    await seedRedis(server.port);
    let restarted = false;
    const first = await scan(server.url, {
      count: 100,
      // The consumer holds the walk while the server dies and comes back: no race with the walk's end.
      onBatch: async () => {
        if (restarted) return;
        restarted = true;
        await server!.start();
      },
    });
    expect(restarted).toBe(true);
    expect(first.complete).toBe(false);
    expect(first.totals.keys).toBeLessThan(KEYS);
    expect(first.problems.join('\n')).toMatch(
      /127\.0\.0\.1:\d+ restarted during the walk: its SCAN cursor is void there/,
    );

    const rerun = await scan(server.url, { count: 100 });
    expect(rerun.complete).toBe(true);
    expect(rerun.totals.keys).toBe(KEYS);
    // Paced by default, by the batches' own answer times.
    expect(rerun.pacing).toMatchObject({ mode: 'adaptive', budget: null });
    expect(rerun.pacing!.meanKeysPerS).toBeGreaterThan(0);
    expect(rerun.pacing!.baselineUsPerKey).toBeGreaterThan(0);
  });

  it('memcached: a restart mid-dump makes the scan incomplete with the reason, and a rerun reads every key', async () => {
    server = await startMemcached();
    const mc = await MemcachedConnection.open('127.0.0.1', server.port);
    const value = connectMemcachedSession('empty');
    const seed = async () => {
      for (let i = 0; i < KEYS; i += 500) {
        await mc.meta(
          Array.from({ length: 500 }, () =>
            Buffer.concat([Buffer.from(`ms mc-${sid()} ${value.length} T3600\r\n`), Buffer.from(value)]),
          ),
        );
      }
    };
    await seed();
    let restarted = false;
    const first = await scan(server.url, {
      count: 100,
      onBatch: async () => {
        if (restarted) return;
        restarted = true;
        await server!.start();
      },
    });
    expect(restarted).toBe(true);
    expect(first.complete).toBe(false);
    expect(first.totals.keys).toBeLessThan(KEYS);
    expect(first.problems.join('\n')).toMatch(
      /memcached 127\.0\.0\.1:\d+ restarted during the walk: the items it held are gone/,
    );

    // memcached keeps nothing across a restart: the app writes its sessions again.
    await mc.reconnect();
    await seed();
    mc.close();
    const rerun = await scan(server.url, { count: 100 });
    expect(rerun.complete).toBe(true);
    expect(rerun.totals.keys).toBe(KEYS);
  });
});
