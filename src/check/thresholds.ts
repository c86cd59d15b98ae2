import type { ScanTarget, ThresholdClass } from './config.js';
import type { ThresholdResult } from './check-report.js';
import type { ScanReportLike } from './scan-report-like.js';

/** `no-ttl` → `SCAN-SHARE-NO-TTL`: stable ids, so they work as SARIF rule ids and JUnit names. */
export function thresholdId(kind: 'maxShare' | 'maxCount', cls: ThresholdClass): string {
  return `SCAN-${kind === 'maxShare' ? 'SHARE' : 'COUNT'}-${cls.toUpperCase()}`;
}

/**
 * Compares a scan's class counts with the target's limits. A limit is inclusive (`maxShare 0.05`
 * allows exactly 5 %), and the share is taken of decoded sessions, falling back to all keys when
 * nothing decoded, so a store of undecodable keys still has a denominator. A class missing from
 * the report counts zero; `orphan` (never-read or empty, older than minAge) comes from the totals.
 */
export function evaluateThresholds(
  target: Pick<ScanTarget, 'maxShare' | 'maxCount'>,
  report: ScanReportLike,
): ThresholdResult[] {
  const of = report.totals.sessions > 0 ? report.totals.sessions : report.totals.keys;
  const results: ThresholdResult[] = [];
  for (const kind of ['maxShare', 'maxCount'] as const) {
    for (const [cls, limit] of Object.entries(target[kind]) as Array<[ThresholdClass, number]>) {
      const count = cls === 'orphan' ? (report.totals.orphans?.count ?? null) : (report.classes[cls]?.count ?? 0);
      const actual = count === null ? null : kind === 'maxShare' ? (of === 0 ? 0 : count / of) : count;
      results.push({
        id: thresholdId(kind, cls),
        kind,
        class: cls,
        limit,
        actual,
        count,
        of,
        pass: actual !== null && actual <= limit,
      });
    }
  }
  return results;
}
