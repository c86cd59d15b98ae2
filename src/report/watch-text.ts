import { Chalk } from 'chalk';
import type { WatchHistory } from '../watch/history.js';
import { sparkline } from './bar-chart.js';
import { fmtInt, fmtSeconds } from './format-number.js';
import { DEFAULT_WIDTH, wrap } from './wrap.js';

interface Options {
  color: boolean;
  width?: number;
}

/** Rows shown in the live view; the rest are summed in one line. */
const MAX_ROWS = 15;

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
  out.push(
    `  ${fmtInt(t.keys)} keys · created ${rate(t.createdPerS)} · expired ${rate(t.expiredPerS)}` +
      (t.evictedPerS ? ` · evicted ${rate(t.evictedPerS)}` : '') +
      (t.deletedPerS !== null ? ` · deleted ${rate(t.deletedPerS)}` : '') +
      c.dim(
        ` · sample ${fmtInt(tick.sample.keys)} keys, ${tick.sample.passes} pass${tick.sample.passes === 1 ? '' : 'es'}`,
      ),
  );
  out.push('');
  const header = [
    'prefix',
    'framework',
    'sessions',
    'created/s',
    'expired/s',
    'empty',
    'never-read',
    'created/s, recent',
  ];
  const rows = [...history.prefixes.values()]
    .filter((h) => tick.prefixes.some((p) => p.prefix === h.prefix))
    .sort((a, b) => b.last.createdPerS - a.last.createdPerS || b.last.sessions - a.last.sessions)
    .slice(0, MAX_ROWS)
    .map((h) => {
      const p = h.last;
      return [
        p.prefix || '(no prefix)',
        p.framework,
        `${fmtInt(p.sessions)}${p.sessionsError ? ` ±${fmtInt(p.sessionsError)}` : ''}`,
        `${p.createdPerS.toFixed(1)}${p.error ? ` ±${p.error.toFixed(1)}` : ''}`,
        p.expiredPerS.toFixed(1),
        share(p.emptyShare),
        share(p.neverReadShare),
        sparkline(h.series.slice(-Math.max(10, Math.min(60, width - 90)))).join(''),
      ];
    });
  const widths = header.map((hd, i) => Math.max(hd.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    '  ' + cells.map((cell, i) => (i >= 2 && i <= 6 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ');
  out.push(c.dim(line(header)));
  for (const r of rows) out.push(line(r));
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
  for (const h of list.slice(0, MAX_ROWS)) {
    const mean = history.meanCreatedPerS(h);
    out.push(
      `  ${(h.prefix || '(no prefix)').padEnd(16)} ${h.framework.padEnd(16)} created ${fmtInt(h.createdTotal)} ` +
        `(mean ${mean.toFixed(1)}/s, peak ${h.peakCreatedPerS.toFixed(1)}/s), expired ${fmtInt(h.expiredTotal)}, now ${fmtInt(h.last.sessions)}`,
    );
  }
  if (!list.length) out.push(c.dim('  no keys were sampled'));
  for (const cav of history.facts?.caveats ?? []) out.push(c.dim(wrap(cav, width, { first: '  · ', indent: '    ' })));
  return out.join('\n') + '\n';
}

function rate(v: number): string {
  return `${v < 10 ? v.toFixed(1) : fmtInt(v)}/s`;
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
