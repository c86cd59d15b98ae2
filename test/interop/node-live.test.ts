import { Redis } from 'ioredis';
import memjs from 'memjs';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import { NODE_FRAMEWORKS, type Captured, type NodeFrameworkId } from '../../scripts/fixtures/node-apps.mjs';
import { NODE_EXPECTED, SCENARIOS } from './node-expectations.js';

/**
 * The real frameworks write to the harness's real Redis and memcached right now, and interpret()
 * reads what they wrote: the semantics hold on fresh bytes, not only on the committed fixtures.
 * Keys come from the session cookies (random ids). To stay out of other files' scans of the shared
 * servers, Redis writes go to database 9 and memcached keys get this file's prefix (connect-memcached's
 * semantics do not depend on it), and every key is deleted afterwards.
 */
describe.each(Object.keys(NODE_FRAMEWORKS) as NodeFrameworkId[])('%s, live', (fw) => {
  it('empty, anonymous and authenticated sessions read as what the app did', async () => {
    const { redis, memcached } = inject('servers');
    const before = Date.now();
    const captured = await NODE_FRAMEWORKS[fw].capture({
      redisUrl: `${redis.url}/9`,
      memcachedHost: memcached.host,
      memcachedPort: memcached.port,
      memcachedPrefix: 't-node-live:',
    });
    onTestFinished(() => forget(Object.values(captured)));
    const expected = NODE_EXPECTED[fw];
    for (const scenario of SCENARIOS) {
      const c = captured[scenario];
      expect(c.ttlMs, `${scenario} has a TTL`).toBeGreaterThan(0);
      const m = interpret({ key: c.key, bytes: c.bytes, flags: c.flags, store: c.store });
      expect(m, scenario).toMatchObject({ ...expected[scenario], format: 'json', decoded: true });
      if (expected.createdAt) expect(m.createdAt, scenario).toBeGreaterThanOrEqual(before - 5);
    }
  });
});

async function forget(keys: Captured[]): Promise<void> {
  const { redis, memcached } = inject('servers');
  const r = new Redis(redis.port, redis.host, { db: 9 });
  const m = memjs.Client.create(`${memcached.host}:${memcached.port}`);
  try {
    for (const c of keys) {
      if (c.store === 'redis') await r.del(c.key);
      else await m.delete(c.key);
    }
  } finally {
    r.disconnect();
    m.close();
  }
}
