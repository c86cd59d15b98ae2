import { describe, expect, it } from 'vitest';
import { evaluateThresholds, thresholdId } from './thresholds.js';
import type { ScanReportLike } from './scan-report-like.js';

const report = (
  sessions: number,
  keys: number,
  classes: ScanReportLike['classes'],
  orphans?: number,
): ScanReportLike => ({
  schema: 'sessctl-scan/1',
  complete: true,
  totals: { keys, sessions, bytes: 0, ...(orphans === undefined ? {} : { orphans: { count: orphans, bytes: 0 } }) },
  classes,
});

describe('evaluateThresholds', () => {
  it('limits are inclusive and shares are taken of sessions', () => {
    const r = report(100, 120, { 'never-read': { count: 5, bytes: 0 }, 'no-ttl': { count: 1, bytes: 0 } });
    const [nr, nt] = evaluateThresholds({ maxShare: { 'never-read': 0.05, 'no-ttl': 0 }, maxCount: {} }, r);
    expect(nr).toMatchObject({ id: 'SCAN-SHARE-NEVER-READ', actual: 0.05, count: 5, of: 100, pass: true });
    expect(nt).toMatchObject({ id: 'SCAN-SHARE-NO-TTL', actual: 0.01, pass: false });
  });

  it('a class missing from the report counts zero; orphan comes from the totals', () => {
    const r = report(10, 10, {}, 7);
    expect(evaluateThresholds({ maxShare: {}, maxCount: { empty: 0, orphan: 6 } }, r)).toEqual([
      { id: 'SCAN-COUNT-EMPTY', kind: 'maxCount', class: 'empty', limit: 0, actual: 0, count: 0, of: 10, pass: true },
      {
        id: 'SCAN-COUNT-ORPHAN',
        kind: 'maxCount',
        class: 'orphan',
        limit: 6,
        actual: 7,
        count: 7,
        of: 10,
        pass: false,
      },
    ]);
    expect(evaluateThresholds({ maxShare: { orphan: 1 }, maxCount: {} }, report(1, 1, {}))[0]).toMatchObject({
      actual: null,
      pass: false,
    });
  });

  it('falls back to all keys when nothing decoded as a session, and to 0 on an empty store', () => {
    expect(
      evaluateThresholds(
        { maxShare: { undecodable: 0.5 }, maxCount: {} },
        report(0, 4, { undecodable: { count: 4, bytes: 0 } }),
      )[0],
    ).toMatchObject({ actual: 1, of: 4, pass: false });
    expect(evaluateThresholds({ maxShare: { empty: 0 }, maxCount: {} }, report(0, 0, {}))[0]).toMatchObject({
      actual: 0,
      pass: true,
    });
    expect(thresholdId('maxCount', 'no-ttl')).toBe('SCAN-COUNT-NO-TTL');
  });
});
