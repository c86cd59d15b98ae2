import type { ClassCount, ClassId } from '../../scan/types.js';
import { CLASS_IDS } from '../../scan/types.js';

export interface ClassBar {
  id: ClassId | 'orphans';
  count: number;
  bytes: number;
  /** Of the sessions: 0–1. Classes overlap (a key can be empty and never-read), so bars do not stack. */
  share: number;
}

/**
 * The bars of a class-breakdown chart: each class the sessions have, in the report's class order,
 * then the orphans (always shown, even at zero: it is the number the chart is about).
 */
export function classBars(
  classes: Partial<Record<ClassId, ClassCount>>,
  sessions: number,
  orphans: ClassCount,
): ClassBar[] {
  const share = (n: number) => (sessions > 0 ? Math.min(1, n / sessions) : 0);
  const bars: ClassBar[] = [];
  for (const id of CLASS_IDS) {
    const c = classes[id];
    if (c && c.count > 0) bars.push({ id, count: c.count, bytes: c.bytes, share: share(c.count) });
  }
  bars.push({ id: 'orphans', count: orphans.count, bytes: orphans.bytes, share: share(orphans.count) });
  return bars;
}
