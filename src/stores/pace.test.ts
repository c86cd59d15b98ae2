import { describe, expect, it } from 'vitest';
import { ADAPTIVE_SHARE, AdaptivePacer, pacer } from './pace.js';

describe('AdaptivePacer', () => {
  it('paces at its share of the baseline, backs off with the square of a slowdown, and says why', async () => {
    const p = new AdaptivePacer();
    // 10 keys answered in 0.01 ms each: 1 µs/key, so the walk may take 10% of that: 100k keys/s.
    for (let i = 0; i < 5; i++) await p.take(10, undefined, 0.01);
    expect(p.keysPerS).toBeCloseTo((ADAPTIVE_SHARE * 1000) / 0.001, -2);
    expect(p.report().slowdowns).toEqual([]);

    // The server now answers 4× slower: the pace falls 16× once the average has caught up.
    for (let i = 0; i < 12; i++) await p.take(10, undefined, 0.04);
    expect(p.keysPerS).toBeLessThan((ADAPTIVE_SHARE * 1000) / 0.001 / 12);
    const [slow, ...more] = p.report().slowdowns;
    expect(more).toEqual([]);
    expect(slow!.reason).toMatch(
      /^server answers \d\.\d× slower than at the start \(\d+\.\d µs against 1\.0 µs per key\)$/,
    );

    // Flat again: it speeds back up, and the report keeps the one slowdown.
    for (let i = 0; i < 12; i++) await p.take(10, undefined, 0.01);
    expect(p.keysPerS).toBeGreaterThan((ADAPTIVE_SHARE * 1000) / 0.001 / 1.2);
    const r = p.report();
    expect(r).toMatchObject({ mode: 'adaptive', budget: null, baselineUsPerKey: 1 });
    expect(r.slowdowns).toHaveLength(1);
  });

  it('slows down at most 25× however slow the server gets, so a long scan still ends', async () => {
    const p = new AdaptivePacer();
    for (let i = 0; i < 5; i++) await p.take(10, undefined, 0.01);
    const base = p.keysPerS;
    for (let i = 0; i < 30; i++) await p.take(1, undefined, 0.02);
    expect(p.keysPerS).toBeLessThan(base / 3);
    for (let i = 0; i < 30; i++) await p.take(1, undefined, 1);
    expect(p.keysPerS).toBeCloseTo(base / 25, 0);
  });

  it('does not pace a store that shows no latency (memory://)', async () => {
    const p = new AdaptivePacer();
    const t = performance.now();
    for (let i = 0; i < 100; i++) await p.take(1000);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(p.report().baselineUsPerKey).toBeNull();
  });

  it('waits for its pace between batches', async () => {
    const p = new AdaptivePacer(0.5);
    // 1 ms per 10 keys = 0.1 ms/key; at half the server's time that is 5000 keys/s: 100 keys take 20 ms.
    const t = performance.now();
    for (let i = 0; i < 10; i++) await p.take(10, undefined, 1);
    expect(performance.now() - t).toBeGreaterThanOrEqual(15);
  });
});

describe('pacer', () => {
  it('picks fixed, max or adaptive from --rate', () => {
    expect(pacer(5000).report()).toMatchObject({ mode: 'fixed', budget: 5000 });
    expect(pacer('max').report()).toMatchObject({ mode: 'max', budget: null });
    expect(pacer(undefined).report()).toMatchObject({ mode: 'adaptive' });
  });
});
