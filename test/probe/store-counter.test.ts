import { Cluster } from 'ioredis';
import { expect, inject, it } from 'vitest';
import { openKeyCounter } from '../../src/probe/store-counter.js';
import { uniquePrefix } from './redis-keys.js';

const { cluster } = inject('servers');

it('lists keys under a prefix on every primary of a Redis Cluster', async () => {
  const prefix = uniquePrefix('probe-cluster');
  const c = new Cluster(cluster.nodes);
  const counter = await openKeyCounter(cluster.url);
  try {
    expect((await counter.keys(prefix)).size).toBe(0);
    // 60 keys spread over the slots, so all three primaries hold some
    const keys = Array.from({ length: 60 }, (_, i) => `${prefix}${i}`);
    await Promise.all(keys.map((k) => c.set(k, 'x', 'EX', 60)));
    const seen = await counter.keys(prefix);
    expect([...seen].sort()).toEqual([...keys].sort());
    const perNode = await Promise.all(c.nodes('master').map(async (n) => (await n.keys(`${prefix}*`)).length));
    expect(perNode.filter((n) => n > 0).length).toBe(3);
    await Promise.all(keys.map((k) => c.del(k)));
  } finally {
    await counter.close();
    c.disconnect();
  }
});
