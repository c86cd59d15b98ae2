import type { CleanProgress } from '../clean/types.js';
import { fmtInt, fmtSeconds } from './format-number.js';
import { progressLine } from './progress-line.js';

/** One rewritten stderr line (TTY only): keys scanned against DBSIZE, selected, deleted, ETA. */
export function cleanProgressReporter(stderr: NodeJS.WritableStream, intervalMs = 250) {
  let last = -Infinity;
  const line = progressLine(stderr);
  return {
    update(p: CleanProgress): void {
      if (p.elapsedMs - last < intervalMs) return;
      last = p.elapsedMs;
      const rate = p.scanned / Math.max(0.001, p.elapsedMs / 1000);
      const pct = p.expected ? Math.min(100, (p.scanned / p.expected) * 100) : 0;
      const eta = p.expected > p.scanned && rate > 0 ? ` · ETA ${fmtSeconds((p.expected - p.scanned) / rate)}` : '';
      const skipped = p.skipped ? ` · skipped ${fmtInt(p.skipped)}` : '';
      line.show(
        `scanned ${fmtInt(p.scanned)}/${fmtInt(p.expected)} (${pct.toFixed(0)}%) · selected ${fmtInt(p.selected)} · deleted ${fmtInt(p.deleted)}${skipped}${eta}`,
      );
    },
    done(): void {
      line.clear();
    },
  };
}
