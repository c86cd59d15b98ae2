import { fmtInt, fmtSeconds } from './format-number.js';
import { progressLine } from './progress-line.js';

/** One rewritten stderr line (TTY only): entries written back, percentage, rate and ETA. */
export function restoreProgressReporter(
  stderr: NodeJS.WritableStream,
  options: { intervalMs?: number; now?: () => number } = {},
) {
  const { intervalMs = 250, now = () => performance.now() } = options;
  const started = now();
  let last = -Infinity;
  const line = progressLine(stderr);
  return {
    update(p: { done: number; total: number }): void {
      const t = now();
      if (t - last < intervalMs && p.done < p.total) return;
      last = t;
      const rate = p.done / Math.max(0.001, (t - started) / 1000);
      const pct = p.total ? Math.min(100, (p.done / p.total) * 100) : 100;
      const eta = p.total > p.done && rate > 0 ? ` · ETA ${fmtSeconds((p.total - p.done) / rate)}` : '';
      line.show(`restoring ${fmtInt(p.done)}/${fmtInt(p.total)} (${pct.toFixed(0)}%) · ${fmtInt(rate)} keys/s${eta}`);
    },
    done(): void {
      line.clear();
    },
  };
}
