import { Chalk } from 'chalk';
import type { CheckItem, CheckReport, TargetOutcome } from '../check/check-report.js';
import { whyNotFailing } from './check-summary.js';
import { fmtInt } from './format-number.js';
import { columnStart, fitColumns, tableLines, type ColumnSpec, type TableCell } from './table.js';
import { DEFAULT_WIDTH, wrap } from './wrap.js';

/** Target headers: kind, name, where, verdict; names and URLs line up across the targets. */
const HEADER_COLUMNS: ColumnSpec[] = [
  {},
  { shrink: 'truncate', shrinkTo: 12 },
  { shrink: 'truncate', shrinkTo: 20 },
  {},
];
/** Item lines: mark, severity (room for `critical`), id (never cut), message (wraps). */
const ITEM_COLUMNS: ColumnSpec[] = [{}, { minWidth: 8 }, {}, { shrink: 'wrap', shrinkTo: 1 }];
/** A message column narrower than this goes on its own lines under the id instead. */
const MIN_MESSAGE = 30;

/** The human report of `sessctl check`: one block per target, failures first, one verdict line. */
export function renderCheckText(
  report: CheckReport,
  { color, width = DEFAULT_WIDTH }: { color: boolean; width?: number },
): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines: string[] = [];
  lines.push(c.bold(`sessctl check`) + c.dim(`  ${report.config ?? ''}  (fail on ${report.failOn})`));
  const headers = report.targets.map((t) => [c.bold(t.kind), c.bold(t.name), c.dim(where(t)), verdict(t, c)]);
  const headerLayout = { width, columns: HEADER_COLUMNS, indent: '', gap: 2 };
  const headerWidths = fitColumns(headers, headerLayout);
  // One layout for every item of every target, so ids and messages line up down the whole report.
  const shown = report.targets.map((t) =>
    [...t.items].filter((i) => isShown(t, i)).sort((a, b) => order(a) - order(b)),
  );
  const itemLayout = { width, columns: ITEM_COLUMNS };
  const itemWidths = fitColumns(
    shown.flat().map((i) => itemCells(i, c)),
    itemLayout,
  );
  report.targets.forEach((t, k) => {
    lines.push('');
    lines.push(...tableLines([headers[k]!], { ...headerLayout, widths: headerWidths }));
    for (const item of shown[k]!) lines.push(...itemLines(item, c, width, itemWidths));
    if (t.kind === 'probe' && persistenceBlind(t.items)) {
      lines.push(
        c.yellow.bold(
          wrap(
            `session persistence could not be judged: ${PERSIST.join(', ')} are all unknown, so this PASS says nothing about sessions${t.report?.model.sessionsFrom === 'none' ? ' (no request got a session)' : ''}`,
            width,
            { first: '  ? ', indent: '    ' },
          ),
        ),
      );
      // In a config the probe's --login is the entry's "login" field.
      const asConfig = (hint: string) =>
        hint.replace(/--login '([^']*)'/, (_m, recipe: string) => `"login": ${JSON.stringify(recipe)}`);
      for (const hint of t.report?.hints ?? [])
        lines.push(c.yellow(wrap(asConfig(hint), width, { first: '    → ', indent: '      ' })));
    }
    const counts = countBy(t.items.filter((i) => !isShown(t, i)));
    if (counts) lines.push(c.dim(wrap(counts, width, { first: '  · ', indent: '    ' })));
    if (t.kind === 'scan' && t.report)
      lines.push(c.dim(wrap(classLine(t.report), width, { first: '  · ', indent: '    ' })));
  });
  const s = report.summary;
  lines.push('');
  const parts = [
    s.incomplete
      ? c.red(`${s.incomplete} target${s.incomplete === 1 ? '' : 's'} could not complete (inconclusive)`)
      : undefined,
    s.failing ? c.red(`${s.failing} failing at or above ${report.failOn}`) : `nothing at or above ${report.failOn}`,
    s.findings > s.failing ? `${s.findings - s.failing} below the threshold or ignored` : undefined,
    s.highest ? `highest: ${s.highest}` : undefined,
    `${s.targets} target${s.targets === 1 ? '' : 's'} in ${(report.durationMs / 1000).toFixed(1)}s`,
  ].filter(Boolean);
  lines.push(
    c.bold('result:') +
      wrap(`${parts.join(' · ')} → exit ${s.exitCode}`, width, { first: 'result: ', indent: '        ' }).slice(
        'result:'.length,
      ),
  );
  return `${lines.join('\n')}\n`;
}

const PERSIST = ['SESS-COOKIE-PERSIST', 'SESS-HEADER-PERSIST', 'SESS-BODY-PERSIST'];

/** Every persistence check unknown: the probe could not get at a session at all. */
function persistenceBlind(items: CheckItem[]): boolean {
  return PERSIST.every((id) => items.find((i) => i.id === id)?.status === 'unknown');
}

function where(t: TargetOutcome): string {
  return t.kind === 'probe' ? t.url : t.store;
}

function verdict(t: TargetOutcome, c: InstanceType<typeof Chalk>): string {
  if (t.items.some((i) => i.id === 'SCAN-EMPTY')) return c.yellow.bold('UNKNOWN') + c.dim(' (0 sessions)');
  if (!t.complete) return c.red.bold('INCOMPLETE');
  if (t.items.some((i) => i.failing)) return c.red.bold('FAIL');
  const quiet = t.items.filter((i) => i.status === 'fail').length;
  if (quiet) return c.yellow.bold('PASS') + c.dim(` (${quiet} finding${quiet === 1 ? '' : 's'} not gating)`);
  return c.green.bold('PASS');
}

/** Failures and errors, and a scan's thresholds whatever they say (unknown: the walk stopped before the end). */
function isShown(t: TargetOutcome, i: CheckItem): boolean {
  return (
    i.status === 'fail' ||
    i.status === 'error' ||
    (t.kind === 'scan' && (i.status === 'pass' || i.status === 'unknown'))
  );
}

/**
 * ✓ pass, ✗ fails the run, • failed but not gating (below failOn, ignored, reported only), ? unknown,
 * ! error.
 */
function itemCells(i: CheckItem, c: InstanceType<typeof Chalk>): string[] {
  const mark =
    i.status === 'pass'
      ? c.green('✓')
      : i.status === 'error'
        ? c.red('!')
        : i.status === 'unknown'
          ? c.yellow('?')
          : i.failing
            ? c.red('✗')
            : c.dim('•');
  const note = i.status === 'fail' && !i.failing ? ` (${whyNotFailing(i)})` : '';
  return [mark, c.dim(i.severity ?? ''), i.id, `${i.message}${note}`];
}

/**
 * An item's row, its fix under the message and its docs link. The message and fix wrap in their
 * column; when the terminal leaves that column too narrow, they go on their own lines under the id.
 */
function itemLines(i: CheckItem, c: InstanceType<typeof Chalk>, width: number, widths: number[]): string[] {
  const [mark, sev, id, message] = itemCells(i, c);
  const fixColor = i.failing ? c.green : c.dim;
  const fix = i.status === 'fail' && i.fix ? i.fix : undefined;
  const out: string[] = [];
  let hang: string;
  if (columnStart(widths, 3) + MIN_MESSAGE <= width) {
    const rows: TableCell[][] = [[mark!, sev!, id!, message!]];
    if (fix) rows.push(['', '', '', fixColor(`fix: ${fix}`)]);
    out.push(...tableLines(rows, { width, columns: ITEM_COLUMNS, widths }));
    hang = ' '.repeat(columnStart(widths, 3));
  } else {
    out.push(...tableLines([[mark!, sev!, id!]], { width, columns: ITEM_COLUMNS.slice(0, 3), widths }));
    hang = '      ';
    out.push(wrap(message!, width, { indent: hang }));
    if (fix) out.push(fixColor(wrap(fix, width, { first: `${hang}fix: `, indent: `${hang}     ` })));
  }
  if (i.status === 'fail' && i.docs) out.push(c.dim(docsLine(i.docs, hang, width)));
  return out;
}

/** `docs: URL` under the message, or less indented when the URL would not fit there. */
export function docsLine(url: string, indent: string, width: number): string {
  return `${indent.length + 6 + url.length <= width ? indent : '    '}docs: ${url}`;
}

function order(i: CheckItem): number {
  return i.status === 'error' ? 0 : i.failing ? 1 : i.status === 'fail' ? 2 : 3;
}

function countBy(items: CheckItem[]): string {
  const n = (s: CheckItem['status']) => items.filter((i) => i.status === s).length;
  const words = [
    [n('pass'), 'passed'],
    [n('unknown'), 'unknown (response does not depend on the session)'],
    [n('skip'), 'skipped'],
  ] as const;
  return words
    .filter(([k]) => k > 0)
    .map(([k, w]) => `${k} ${w}`)
    .join(', ');
}

function classLine(r: NonNullable<Extract<TargetOutcome, { kind: 'scan' }>['report']>): string {
  const classes = Object.entries(r.classes)
    .map(([k, v]) => `${fmtInt(v?.count ?? 0)} ${k}`)
    .join(', ');
  const orphans = r.totals.orphans ? `; ${fmtInt(r.totals.orphans.count)} orphans` : '';
  // Never let a pass read as "no orphans" where they cannot be counted.
  const blind = (r.prefixes ?? [])
    .filter((p) => p.sessions > 0 && p.orphanEvidence === 'unprovable')
    .map((p) => p.prefix || '(no prefix)');
  const unprovable = blind.length
    ? `; orphans cannot be told under ${blind.slice(0, 3).join(', ')}${blind.length > 3 ? ` and ${blind.length - 3} more` : ''} (sessctl scan says why)`
    : '';
  return `${fmtInt(r.totals.sessions)} sessions in ${fmtInt(r.totals.keys)} keys${classes ? `: ${classes}` : ''}${orphans}${unprovable}`;
}
