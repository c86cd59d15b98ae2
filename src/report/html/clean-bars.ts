import type { CleanReport } from '../../clean/types.js';

export interface CleanBar {
  label: string;
  /** The label as table cells: prefix, class, action for the selection; the label alone for the result. */
  cells: string[];
  count: number;
  bytes: number;
  /** Against the largest bar of the chart: 0–1. */
  share: number;
  tone: string;
}

const scaled = (bars: Array<Omit<CleanBar, 'share'>>): CleanBar[] => {
  const max = Math.max(0, ...bars.map((b) => b.count));
  return bars.map((b) => ({ ...b, share: max ? b.count / max : 0 }));
};

/** What the policy selected, one bar per prefix and class (a key counts once, under its first selecting class). */
export function selectionBars(report: CleanReport): CleanBar[] {
  return scaled(
    report.selected.groups.map((g) => ({
      label: `${g.prefix || '(no prefix)'} ${g.class}${g.action === 'fix-ttl' ? ' (expire)' : ''}`,
      cells: [g.prefix || '(no prefix)', g.class, g.action === 'fix-ttl' ? 'expire' : 'delete'],
      count: g.count,
      bytes: g.bytes,
      tone: `k-${g.class}`,
    })),
  );
}

/**
 * What an applied run did: deleted, given an expiry, and each reason a key was kept. Empty for a
 * dry run. Zero bars stay, so "0 changed since the scan" is seen, not guessed.
 */
export function resultBars(report: CleanReport): CleanBar[] {
  const r = report.result;
  if (!r) return [];
  const bars = [
    { label: 'deleted', count: r.deleted, bytes: r.bytesFreed, tone: 'k-orphans' },
    { label: 'given an expiry', count: r.fixed, bytes: 0, tone: 'k-no-ttl' },
    { label: 'kept: changed', count: r.skipped.changed, bytes: 0, tone: 'k-live' },
    { label: 'kept: gone', count: r.skipped.gone, bytes: 0, tone: 'k-undecodable' },
    { label: 'kept: error', count: r.skipped.error, bytes: 0, tone: 'k-no-ttl' },
    { label: 'kept: --max-delete', count: r.skipped.limit, bytes: 0, tone: 'k-stale' },
  ];
  return scaled(bars.map((b) => ({ ...b, cells: [b.label] })));
}
