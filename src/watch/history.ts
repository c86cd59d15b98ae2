import type { WatchPrefixRecord, WatchStoreFacts, WatchTick } from './types.js';

export interface PrefixHistory {
  prefix: string;
  framework: string;
  /** Estimated keys created since the watch began (Σ created/s × interval): the Prometheus counter. */
  createdTotal: number;
  expiredTotal: number;
  peakCreatedPerS: number;
  /** created/s of the last SERIES_LENGTH intervals, oldest first (0 where the prefix was absent). */
  series: number[];
  last: WatchPrefixRecord;
}

/** Intervals kept for the sparkline: 5 minutes at the default 5 s. */
export const SERIES_LENGTH = 60;

/**
 * What the watch has seen so far, folded from its ticks: per-prefix totals and recent series for
 * the live view's sparklines, the Ctrl-C summary and /metrics. Holds a bounded amount per prefix.
 */
export class WatchHistory {
  readonly prefixes = new Map<string, PrefixHistory>();
  ticks = 0;
  /** Problems reported over the whole watch (sessctl_watch_errors_total). */
  errors = 0;
  durationS = 0;
  last: WatchTick | undefined;
  facts: WatchStoreFacts | undefined;

  add(tick: WatchTick): void {
    this.ticks++;
    this.errors += tick.problems.length;
    this.durationS += tick.intervalS;
    this.last = tick;
    const seen = new Set<string>();
    for (const r of tick.prefixes) {
      seen.add(r.prefix);
      let h = this.prefixes.get(r.prefix);
      if (!h) {
        h = {
          prefix: r.prefix,
          framework: r.framework,
          createdTotal: 0,
          expiredTotal: 0,
          peakCreatedPerS: 0,
          series: new Array<number>(Math.min(SERIES_LENGTH, this.ticks - 1)).fill(0),
          last: r,
        };
        this.prefixes.set(r.prefix, h);
      }
      h.createdTotal += r.createdPerS * tick.intervalS;
      h.expiredTotal += r.expiredPerS * tick.intervalS;
      h.peakCreatedPerS = Math.max(h.peakCreatedPerS, r.createdPerS);
      h.framework = r.framework;
      h.last = r;
      push(h.series, r.createdPerS);
    }
    for (const h of this.prefixes.values()) if (!seen.has(h.prefix)) push(h.series, 0);
  }

  /** Mean created/s of a prefix over the whole watch. */
  meanCreatedPerS(h: PrefixHistory): number {
    return this.durationS > 0 ? h.createdTotal / this.durationS : 0;
  }
}

function push(series: number[], v: number): void {
  series.push(v);
  if (series.length > SERIES_LENGTH) series.shift();
}
