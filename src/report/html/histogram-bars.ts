import type { Bucket } from '../../scan/types.js';

export interface HistogramBar {
  label: string;
  count: number;
  /** Of all keys in the histogram: 0–1. */
  share: number;
  /** Bar height against the tallest bucket: 0–1 (a non-empty bucket is never drawn flat). */
  height: number;
}

/** One bar per bucket, empty ones included, so every histogram of a kind has the same columns. */
export function histogramBars(buckets: readonly Bucket[]): HistogramBar[] {
  const total = buckets.reduce((n, b) => n + b.count, 0);
  const max = Math.max(0, ...buckets.map((b) => b.count));
  return buckets.map((b) => ({
    label: b.label,
    count: b.count,
    share: total > 0 ? b.count / total : 0,
    height: b.count === 0 ? 0 : Math.max(0.02, b.count / max),
  }));
}
