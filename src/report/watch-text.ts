import { Chalk } from 'chalk';
import type { WatchHistory } from '../watch/history.js';
import { sparkline } from './bar-chart.js';
import { fmtCompact, fmtInt, fmtSeconds } from './format-number.js';
import { columnStart, fitColumns, tableLines, type ColumnSpec, type TableCell } from './table.js';
import { DEFAULT_WIDTH, wrap } from './wrap.js';

interface Options {
  color: boolean;
  width?: number;
}

/** Rows shown in the live view; the rest are summed in one line. */
const MAX_ROWS = 15;

/** The live view's columns before the sparkline: names give way first, figures stay whole. */
const FRAME_COLUMNS: ColumnSpec[] = [
  { shrink: 'truncate', shrinkTo: 12 },
  { shrink: 'truncate', shrinkTo: 12 },
  { align: 'right' },
  { align: 'right' },
  { align: 'right' },
  { align: 'right' },
  { align: 'right' },
];
const MIN_SPARK = 8;
const SPARK_HEAD = 'created/s, recent';
const MAX_SPARK = 60;

/**
 * One frame of the live view (the CLI clears the screen before each): the store's totals, then a
 * row per prefix with its estimate ± the sampling error and a sparkline of created/s.
 */
export function renderWatchFrame(history: WatchHistory, options: Options): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? DEFAULT_WIDTH;
  const tick = history.last;
  const facts = history.facts;
  const out: string[] = [];
  const nodes = facts?.nodes.length ?? 0;
  out.push(
    `${c.bold('sessctl watch')} ${facts?.url ?? ''} · ${nodes} node${nodes === 1 ? '' : 's'}` +
      (tick ? ` · every ${fmtInterval(tick.intervalS)} · ${tick.t.slice(11, 19)}Z` : ''),
  );
  if (!tick) {
    out.push(c.dim('  waiting for the first interval…'));
    return out.join('\n') + '\n';
  }
  const t = tick.totals;
  const totals = [
    `${fmtInt(t.keys)} keys`,
    `created ${rate(t.createdPerS)}`,
    `expired ${rate(t.expiredPerS)}`,
    ...(t.evictedPerS ? [`evicted ${rate(t.evictedPerS)}`] : []),
    ...(t.deletedPerS !== null ? [`deleted ${rate(t.deletedPerS)}`] : []),
  ].join(' · ');
  const sample = `sample ${fmtInt(tick.sample.keys)} keys, ${tick.sample.passes} pass${tick.sample.passes === 1 ? '' : 'es'}`;
  // wrap() measures plain text, so the dimmed sample part goes on its own line when both do not fit
  if (2 + totals.length + 3 + sample.length <= width) out.push(`  ${totals}${c.dim(` · ${sample}`)}`);
  else
    out.push(
      wrap(totals, width, { first: '  ', indent: '  ' }),
      c.dim(wrap(sample, width, { first: '  ', indent: '  ' })),
    );
  out.push('');
  const header = ['prefix', 'framework', 'sessions', 'created/s', 'expired/s', 'empty', 'never-read'];
  const shown = [...history.prefixes.values()]
    .filter((h) => tick.prefixes.some((p) => p.prefix === h.prefix))
    .sort((a, b) => b.last.createdPerS - a.last.createdPerS || b.last.sessions - a.last.sessions)
    .slice(0, MAX_ROWS);
  const rows = shown.map((h) => {
    const p = h.last;
    return [
      p.prefix || '(no prefix)',
      p.framework,
      `${fmtCompact(p.sessions)}${p.sessionsError ? ` ±${fmtCompact(p.sessionsError)}` : ''}`,
      `${perS(p.createdPerS)}${p.error ? ` ±${perS(p.error)}` : ''}`,
      perS(p.expiredPerS),
      share(p.emptyShare),
      share(p.neverReadShare),
    ];
  });
  // The sparkline takes the room the figures leave. When a row would not fit beside even a short
  // one, the framework goes under its prefix (a two-line cell) before any name is cut.
  const fits = (cells: TableCell[][], columns: ColumnSpec[]) => {
    const natural = fitColumns(cells, { width: Infinity, columns, gap: 2 });
    return width - columnStart(natural, natural.length, { gap: 2 });
  };
  const stacked = fits([header, ...rows], FRAME_COLUMNS) < MIN_SPARK;
  const head = stacked ? ['prefix', ...header.slice(2)] : header;
  const cells = stacked
    ? rows.map(([prefix, framework, ...figures]) => [`${prefix}\n${c.dim(framework!)}`, ...figures])
    : rows;
  const columns = stacked ? FRAME_COLUMNS.slice(1) : FRAME_COLUMNS;
  const room = fits([head, ...cells], columns);
  const sparkLength = Math.max(MIN_SPARK, Math.min(MAX_SPARK, room));
  const sparkHead = room >= SPARK_HEAD.length ? SPARK_HEAD : 'recent';
  const lines = tableLines(
    [
      [...head, sparkHead].map((cell) => c.dim(cell)),
      ...cells.map((r, i) => [...r, sparkline(shown[i]!.series.slice(-sparkLength)).join('')]),
    ],
    { width, gap: 2, columns: [...columns, { shrink: 'truncate', shrinkTo: MIN_SPARK }] },
  );
  if (rows.length) out.push(...lines);
  if (!rows.length) out.push(c.dim('  no keys sampled yet'));
  const hidden = tick.prefixes.length - rows.length;
  if (hidden > 0) out.push(c.dim(`  … ${hidden} more prefixes`));
  out.push('');
  out.push(
    c.dim(
      wrap(
        `empty and never-read are shares of the newest keys (created in the last ${fmtSeconds(
          newestWindow(history),
        )}); ± is the 95% sampling error. Ctrl-C stops and prints a summary.`,
        width,
        { first: '  ', indent: '  ' },
      ),
    ),
  );
  for (const p of tick.problems) out.push(c.red(wrap(p, width, { first: '  ! ', indent: '    ' })));
  return out.join('\n') + '\n';
}

/** What Ctrl-C prints: how long, and per prefix what was created, on average and at the peak. */
export function renderWatchSummary(history: WatchHistory, options: Options): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? DEFAULT_WIDTH;
  const out: string[] = [];
  out.push(
    `${c.bold('sessctl watch')} ${history.facts?.url ?? ''}: ${history.ticks} interval${history.ticks === 1 ? '' : 's'} over ${fmtSeconds(history.durationS)}` +
      (history.errors ? c.red(` · ${history.errors} problem${history.errors === 1 ? '' : 's'}`) : ''),
  );
  const list = [...history.prefixes.values()].sort((a, b) => b.createdTotal - a.createdTotal);
  out.push(
    ...tableLines(
      list
        .slice(0, MAX_ROWS)
        .map((h) => [
          h.prefix || '(no prefix)',
          h.framework,
          `created ${fmtInt(h.createdTotal)} (mean ${history.meanCreatedPerS(h).toFixed(1)}/s, ` +
            `peak ${h.peakCreatedPerS.toFixed(1)}/s), expired ${fmtInt(h.expiredTotal)}, now ${fmtInt(h.last.sessions)}`,
        ]),
      {
        width,
        columns: [
          { shrink: 'truncate', shrinkTo: 10 },
          { shrink: 'truncate', shrinkTo: 8 },
          // the sentence keeps 40 columns; long names are cut first
          { shrink: 'wrap', shrinkTo: 40 },
        ],
      },
    ),
  );
  if (!list.length) out.push(c.dim('  no keys were sampled'));
  for (const cav of history.facts?.caveats ?? []) out.push(c.dim(wrap(cav, width, { first: '  · ', indent: '    ' })));
  return out.join('\n') + '\n';
}

function rate(v: number): string {
  return `${v < 10 ? v.toFixed(1) : fmtInt(v)}/s`;
}

/** A rate in a table cell: one decimal while small, compact when large. */
function perS(v: number): string {
  return v < 1000 ? v.toFixed(1) : fmtCompact(v);
}

function share(v: number | null): string {
  return v === null ? '–' : `${Math.round(v * 100)}%`;
}

function fmtInterval(s: number): string {
  return s < 10 ? `${Math.round(s * 10) / 10}s` : fmtSeconds(s);
}

function newestWindow(history: WatchHistory): number {
  return history.facts?.newestS ?? 30;
}
