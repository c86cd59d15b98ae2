import { describe, expect, inject, it } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import { NODE_FRAMEWORKS, type NodeFrameworkId } from '../../scripts/fixtures/node-apps.mjs';
import { NODE_EXPECTED, SCENARIOS } from './node-expectations.js';

/**
 * The real frameworks write to the harness's real Redis and memcached right now, and interpret()
 * reads what they wrote: the semantics hold on fresh bytes, not only on the committed fixtures.
 * Keys come from the session cookies (random ids), so the shared servers need no prefix per file.
 */
describe.each(Object.keys(NODE_FRAMEWORKS) as NodeFrameworkId[])('%s, live', (fw) => {
  it('empty, anonymous and authenticated sessions read as what the app did', async () => {
    const { redis, memcached } = inject('servers');
    const before = Date.now();
    const captured = await NODE_FRAMEWORKS[fw].capture({ redisUrl: redis.url, memcachedHost: memcached.host, memcachedPort: memcached.port });
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
