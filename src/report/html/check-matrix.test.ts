import { describe, expect, it } from 'vitest';
import type { CheckItem, CheckReport, TargetOutcome } from '../../check/check-report.js';
import { checkMatrix } from './check-matrix.js';

const item = (id: string, status: CheckItem['status']): CheckItem => ({
  id,
  status,
  title: id,
  message: '',
  failing: status === 'fail',
});
const target = (name: string, kind: 'probe' | 'scan', items: CheckItem[]) =>
  ({ name, kind, items }) as unknown as TargetOutcome;

describe('checkMatrix', () => {
  it('lines up every item id against every target, with holes where a target lacks the item', () => {
    const report = {
      targets: [
        target('api', 'probe', [item('SESS-ANON-MINT', 'fail'), item('COOKIE-SECURE', 'pass')]),
        target('sessions', 'scan', [item('SCAN-SHARE-EMPTY', 'fail')]),
        target('admin', 'probe', [item('COOKIE-SECURE', 'skip'), item('SESS-ANON-MINT', 'pass')]),
      ],
    } as unknown as CheckReport;
    const m = checkMatrix(report);
    expect(m.ids).toEqual(['SESS-ANON-MINT', 'COOKIE-SECURE', 'SCAN-SHARE-EMPTY']);
    expect(m.targets).toEqual([
      { name: 'api', kind: 'probe' },
      { name: 'sessions', kind: 'scan' },
      { name: 'admin', kind: 'probe' },
    ]);
    expect(m.cells.map((row) => row.map((c) => c?.status ?? null))).toEqual([
      ['fail', null, 'pass'],
      ['pass', null, 'skip'],
      [null, 'fail', null],
    ]);
  });
});
