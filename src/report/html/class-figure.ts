import type { ClassCount, ClassId } from '../../scan/types.js';
import { fmtBytes, fmtInt, fmtShare } from '../format-number.js';
import { classBars } from './class-bars.js';
import { dataTable } from './data-table.js';
import { hbarChartSvg } from './hbar-chart-svg.js';
import { html, type Html } from './html.js';

/** The class breakdown of some sessions: the chart, and beside it the table of the same numbers. */
export function classFigure(
  what: string,
  counts: { classes: Partial<Record<ClassId, ClassCount>>; sessions: number; orphans: ClassCount },
): Html {
  const bars = classBars(counts.classes, counts.sessions, counts.orphans);
  const table = dataTable(
    `${what} — classes of ${fmtInt(counts.sessions)} sessions (a key can have several)`,
    [
      { head: 'class' },
      { head: 'keys', numeric: true },
      { head: 'share', numeric: true },
      { head: 'bytes', numeric: true },
    ],
    bars.map((b) => [b.id, fmtInt(b.count), fmtShare(b.share, 1), fmtBytes(b.bytes)]),
  );
  return html`<div class="pair">
    ${hbarChartSvg(
      'classes',
      `${what}: class breakdown`,
      bars.map((b) => ({
        label: b.id,
        share: b.share,
        count: b.count,
        value: `${fmtInt(b.count)} · ${fmtShare(b.share, 1)} · ${fmtBytes(b.bytes)}`,
        tone: `k-${b.id}`,
      })),
    )}${table}
  </div>`;
}
