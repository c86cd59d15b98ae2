import { describe, expect, it } from 'vitest';
import { histogramBars } from './histogram-bars.js';

describe('histogramBars', () => {
  it('keeps every bucket and scales heights to the tallest', () => {
    const bars = histogramBars([
      { label: '<1m', upTo: 60, count: 30 },
      { label: '1–5m', upTo: 300, count: 0 },
      { label: '>5m', upTo: null, count: 10 },
    ]);
    expect(bars).toEqual([
      { label: '<1m', count: 30, share: 0.75, height: 1 },
      { label: '1–5m', count: 0, share: 0, height: 0 },
      { label: '>5m', count: 10, share: 0.25, height: 1 / 3 },
    ]);
  });

  it('draws a tiny non-empty bucket visibly and an all-empty histogram flat', () => {
    expect(
      histogramBars([
        { label: 'a', upTo: 1, count: 1 },
        { label: 'b', upTo: null, count: 1000 },
      ])[0]!.height,
    ).toBe(0.02);
    expect(histogramBars([{ label: 'a', upTo: null, count: 0 }])).toEqual([
      { label: 'a', count: 0, share: 0, height: 0 },
    ]);
  });
});
