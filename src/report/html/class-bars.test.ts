import { describe, expect, it } from 'vitest';
import { classBars } from './class-bars.js';

describe('classBars', () => {
  it('lists the present classes in report order, then the orphans, with shares of the sessions', () => {
    const bars = classBars(
      { live: { count: 8, bytes: 936 }, empty: { count: 30, bytes: 3060 }, 'never-read': { count: 22, bytes: 2244 } },
      38,
      { count: 30, bytes: 3060 },
    );
    expect(bars.map((b) => [b.id, b.count, Number(b.share.toFixed(3))])).toEqual([
      ['never-read', 22, 0.579],
      ['empty', 30, 0.789],
      ['live', 8, 0.211],
      ['orphans', 30, 0.789],
    ]);
  });

  it('skips classes with no keys but always keeps the orphans bar', () => {
    expect(classBars({ stale: { count: 0, bytes: 0 } }, 0, { count: 0, bytes: 0 })).toEqual([
      { id: 'orphans', count: 0, bytes: 0, share: 0 },
    ]);
  });
});
