import { describe, expect, it } from 'vitest';
import { MemoryKv } from './memory-kv.js';
import { memoryStore } from './memory-session-store.js';

describe('memoryStore reads', () => {
  it('answers the reads of one tick together, each with its own payload and remaining TTL', async () => {
    let now = 1_000_000;
    const kv = new MemoryKv({ now: () => now });
    const store = memoryStore({ kv, prefix: 'p:' });
    await store.set('a', Buffer.from('A'), 60_000);
    await store.set('b', Buffer.from('B'), 5_000);
    kv.set('p:forever', 'F');
    now += 1_000;
    const [a, b, forever, missing] = await Promise.all([
      store.get('a'),
      store.get('b'),
      store.get('forever'),
      store.get('missing'),
    ]);
    expect(a).toEqual({ payload: Buffer.from('A'), ttlMs: 59_000 });
    expect(b).toEqual({ payload: Buffer.from('B'), ttlMs: 4_000 });
    expect(forever).toEqual({ payload: Buffer.from('F'), ttlMs: undefined });
    expect(missing).toBeUndefined();
    now += 4_000;
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toEqual({ payload: Buffer.from('A'), ttlMs: 55_000 });
  });

  it('counts a read as an access and a touch as a TTL refresh, without a write of the value', async () => {
    let now = 0;
    const kv = new MemoryKv({ now: () => now });
    const store = memoryStore({ kv, prefix: 'p:' });
    await store.set('a', Buffer.from('A'), 10_000);
    const writes = kv.writes;
    now = 3_000;
    await store.get('a');
    expect(kv.peek('p:a')?.lastAccess).toBe(3_000);
    expect(await store.touch('a', 10_000)).toBe(true);
    expect((await store.get('a'))?.ttlMs).toBe(10_000);
    expect(kv.writes).toBe(writes);
  });
});
