import { describe, expect, it } from 'vitest';
import { scanStore } from '../../scan/scan.js';
import { openMemoryStore } from './memory-store.js';
import { memoryKv } from './memory-kv.js';

describe('memory store walk', () => {
  it('lets an overdue timeout fire between batches, even when the walk need not wait for its rate', async () => {
    const name = `walk-yield-${process.pid}`;
    const kv = memoryKv(name);
    for (let i = 0; i < 5000; i++) kv.set(`sess:${String(i).padStart(32, '0')}`, '{}', 60_000);
    try {
      const store = openMemoryStore({ name, redacted: `memory://${name}` }, kv);
      let stalled = false;
      const report = await scanStore(store, {
        signal: AbortSignal.timeout(20),
        rate: 1_000_000,
        // The first batch blocks the thread past the timeout, as a loaded machine can; the rate
        // budget is then far ahead, so no batch waits on a timer of its own.
        onProgress: () => {
          if (stalled) return;
          stalled = true;
          const until = performance.now() + 60;
          while (performance.now() < until);
        },
      });
      expect(report.complete).toBe(false);
      expect(report.totals.keys).toBeLessThan(5000);
      expect(report.problems).toContain('interrupted before the walk finished');
    } finally {
      kv.clear();
    }
  });
});
