import type { ScanProgress } from '../scan/types.js';
import { fmtInt, fmtSeconds } from './format-number.js';
import { progressLine } from './progress-line.js';

/** One rewritten stderr line (TTY only): keys so far against DBSIZE, rate and ETA. */
export function progressReporter(stderr: NodeJS.WritableStream, intervalMs = 250) {
  let last = 0;
  const line = progressLine(stderr);
  return {
    update(p: ScanProgress): void {
      const now = p.elapsedMs;
      if (now - last < intervalMs) return;
      last = now;
      const rate = p.scanned / Math.max(0.001, now / 1000);
      const pct = p.expected ? Math.min(100, (p.scanned / p.expected) * 100) : 0;
      const eta = p.expected > p.scanned && rate > 0 ? ` · ETA ${fmtSeconds((p.expected - p.scanned) / rate)}` : '';
      line.show(
        `scanning ${fmtInt(p.scanned)}/${fmtInt(p.expected)} keys (${pct.toFixed(0)}%) · ${fmtInt(rate)} keys/s${eta}`,
      );
    },
    done(): void {
      line.clear();
    },
  };
}
