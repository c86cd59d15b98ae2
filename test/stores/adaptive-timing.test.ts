import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/stores/from-url.js';
import { AdaptivePacer } from '../../src/stores/pace.js';
import { startRedis, type RunningServer } from '../harness/servers.js';

/** Holds the event loop, as a consumer classifying a batch does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('adaptive pacing times the server, not the client', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startRedis('redis');
    const r = new Redis(server.port, '127.0.0.1');
    const p = r.pipeline();
    for (let i = 0; i < 3000; i++) p.set(`sess:${String(i).padStart(24, '0')}`, '{"cookie":{}}', 'EX', 3600);
    await p.exec();
    r.disconnect();
  });
  afterAll(() => server.stop());

  it('a consumer that holds the loop 20 ms per batch of 250 is not in the baseline (it would be 80 µs a key)', async () => {
    const store = await openStore(server.url);
    const pacer = new AdaptivePacer();
    let keys = 0;
    try {
      for await (const e of store.walk({ count: 250, pacer })) {
        if (e.type === 'node-failed') throw e.error;
        keys += e.records.length;
        busy(20);
      }
    } finally {
      await store.close();
    }
    expect(keys).toBe(3000);
    const { baselineUsPerKey } = pacer.report();
    expect(baselineUsPerKey).not.toBeNull();
    // Half the consumer's share: the server's own round trip is a few µs a key, tens on a loaded box.
    expect(baselineUsPerKey!).toBeLessThan(40);
  });
});
