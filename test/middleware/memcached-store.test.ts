/**
 * memcachedStore over a pool: keys spread across the servers, each found again through the pool,
 * touched without a rewrite and deleted.
 */
import memjs from 'memjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSessionId, memcachedStore } from '../../src/middleware/index.js';
import { startMemcached, type RunningServer } from '../harness/servers.js';

describe('memcachedStore over a pool of two servers', () => {
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startMemcached(), startMemcached()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('spreads sessions over the pool and finds, touches and deletes each one', async () => {
    const store = memcachedStore({ url: `memcached://127.0.0.1:${a.port},127.0.0.1:${b.port}`, prefix: 'pool:' });
    const direct = [a, b].map((s) => memjs.Client.create(`127.0.0.1:${s.port}`, { logger: { log() {} } }));
    try {
      expect(store.name).toBe(`memcached://127.0.0.1:${a.port},127.0.0.1:${b.port}`);
      const ids = Array.from({ length: 20 }, generateSessionId);
      await Promise.all(ids.map((id) => store.set(id, Buffer.from(`{"id":"${id}"}`), 60_000)));
      const holders = await Promise.all(
        ids.map(async (id) => Promise.all(direct.map(async (c) => (await c.get(`pool:${id}`)).value !== null))),
      );
      expect(holders.every(([x, y]) => x !== y)).toBe(true);
      expect(holders.some(([x]) => x)).toBe(true);
      expect(holders.some(([, y]) => y)).toBe(true);
      for (const id of ids) {
        expect((await store.get(id))?.payload.toString()).toBe(`{"id":"${id}"}`);
        expect(await store.touch(id, 120_000)).toBe(true);
        await store.destroy(id);
        expect(await store.get(id)).toBeUndefined();
      }
    } finally {
      direct.forEach((c) => c.close());
      await store.close();
    }
  });
});
