import { Chalk } from 'chalk';
import type { DemoReport, DemoSide } from '../demo/run-demo.js';
import { fitColumns, tableLines, type ColumnSpec, type TableCell } from './table.js';
import { DEFAULT_WIDTH, wrap } from './wrap.js';

/** Label, then the two apps side by side: the naive column 32 wide as before; all wrap when narrow. */
const SIDE_COLUMNS: ColumnSpec[] = [
  { shrink: 'wrap', shrinkTo: 12 },
  { minWidth: 31, shrink: 'wrap', shrinkTo: 16 },
  { shrink: 'wrap', shrinkTo: 16 },
];
/** What to try next: the command whole (it is there to be copied), what it does beside it. */
const NEXT_COLUMNS: ColumnSpec[] = [{}, { shrink: 'wrap', shrinkTo: 24 }];

/**
 * The demo's side-by-side view: the same traffic against the two apps, what reached the store,
 * what the probe found, and the verdict in one sentence per app.
 */
export function renderDemoText(
  report: DemoReport,
  { color, width = DEFAULT_WIDTH }: { color: boolean; width?: number },
): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const { naive, sessctl } = report.apps;
  const store = report.store === 'embedded' ? 'embedded in-process store' : report.store;
  const out: string[] = [
    c.bold('sessctl demo') +
      c.dim(
        wrap(
          `the same app and the same browser traffic, two session layers (${store}, ${(report.durationMs / 1000).toFixed(1)}s)`,
          width,
          { first: 'sessctl demo — ', indent: '  ' },
        ).slice('sessctl demo'.length),
      ),
    '',
  ];
  const rows: TableCell[][] = [];
  const row = (label: string, a: string, b: string) => rows.push([label, a, b]);
  const pct = (n: number, of: number) => (n === 0 || of === 0 ? String(n) : `${n} (${Math.round((n / of) * 100)}%)`);

  row('', c.bold('naive (express-session style)'), c.bold('sessctl/middleware'));
  row('app', naive.url, sessctl.url);
  const t = naive.traffic;
  rows.push([
    'traffic (to each)',
    {
      content: `${t.requests} requests from ${t.visitors.users} users who log in (${t.preflights} preflights), ${t.visitors.anonymous} anonymous visitors, ${t.visitors.monitors} health checks`,
      colSpan: 2,
    },
  ]);
  row(
    'Set-Cookie sent',
    `${naive.traffic.setCookies} (${naive.traffic.preflightCookies} on preflights)`,
    `${sessctl.traffic.setCookies} (${sessctl.traffic.preflightCookies} on preflights)`,
  );
  row('sessions in the store', sessions(naive), sessions(sessctl));
  row('  live', pct(naive.summary.live, naive.summary.sessions), pct(sessctl.summary.live, sessctl.summary.sessions));
  row(
    '  empty',
    pct(naive.summary.empty, naive.summary.sessions),
    pct(sessctl.summary.empty, sessctl.summary.sessions),
  );
  row(
    '  never read again',
    pct(naive.summary.neverRead, naive.summary.sessions),
    pct(sessctl.summary.neverRead, sessctl.summary.sessions),
  );
  row(
    'orphans (scan)',
    bad(c, pct(naive.summary.orphans, naive.summary.sessions), naive.summary.orphans),
    bad(c, pct(sessctl.summary.orphans, sessctl.summary.sessions), sessctl.summary.orphans),
  );
  row(
    'keys one preflight wrote',
    bad(c, String(naive.summary.preflightKeys), naive.summary.preflightKeys),
    bad(c, String(sessctl.summary.preflightKeys), sessctl.summary.preflightKeys),
  );
  const fa = findings(naive);
  const fb = findings(sessctl);
  for (let i = 0; i < Math.max(fa.length, fb.length, 1); i++) {
    row(
      i === 0 ? 'probe findings' : '',
      i === 0 && fa.length === 0 ? c.green('none') : c.red(fa[i] ?? ''),
      i === 0 && fb.length === 0 ? c.green('none') : c.red(fb[i] ?? ''),
    );
  }

  out.push(...tableLines(rows, { width, columns: SIDE_COLUMNS, indent: '' }));
  out.push('', c.bold('verdict'));
  const hang = ' '.repeat(11);
  out.push(wrap(verdict(naive), width, { first: `  naive:   `, indent: hang }).replace('naive:', c.bold('naive:')));
  out.push(
    wrap(verdict(sessctl), width, { first: `  sessctl: `, indent: hang }).replace('sessctl:', c.bold('sessctl:')),
  );
  out.push('', c.dim('next:'), ...nextLines(report, width).map((l) => c.dim(l)));
  return `${out.join('\n')}\n`;
}

/**
 * What to try next. After a run on a real store, the scan that finds these keys: they are seconds
 * old, so the default --min-age (5m) would not call any of them an orphan yet.
 */
function nextSteps(report: DemoReport): Array<[command: string, what: string]> {
  if (report.store === 'embedded') {
    return [
      ['sessctl demo --serve', 'keep both apps running; probe them'],
      ['sessctl demo --store redis://…:6379', 'the same on a real store, then scan it'],
      ['sessctl demo --format json', 'every figure, with the full reports'],
    ];
  }
  const match = report.apps.naive.scan.options.match?.replace(/naive:sess:\*$/, '*');
  return [
    [
      `sessctl scan ${report.store}${match ? ` --match '${match}'` : ''} --min-age 0s`,
      'the keys this run left (they expire in 10 minutes); --min-age 0s because they are seconds old',
    ],
    ['sessctl demo --format json', 'every figure, with the full reports'],
  ];
}

/**
 * The next steps as a table, each command whole on one line whatever the width (it is there to be
 * copied); when a command leaves its description too little room, the description goes under it.
 */
function nextLines(report: DemoReport, width: number): string[] {
  const steps = nextSteps(report);
  const layout = { width, columns: NEXT_COLUMNS, gap: 2 };
  const widths = fitColumns(steps, layout);
  if (2 + widths[0]! + 2 + widths[1]! <= width) return tableLines(steps, { ...layout, widths });
  return steps.flatMap(([command, what]) => [`  ${command}`, wrap(what, width, { indent: '    ' })]);
}

function sessions(s: DemoSide): string {
  return s.summary.byProbe ? `${s.summary.sessions} (${s.summary.byProbe} by the probe)` : String(s.summary.sessions);
}

function findings(s: DemoSide): string[] {
  return s.summary.findings.map((f) => `${f.id} (${f.severity})`);
}

function bad(c: InstanceType<typeof Chalk>, text: string, n: number): string {
  return n > 0 ? c.red(text) : c.green(text);
}

/** One sentence from the figures: what the app did to its store and why. */
export function verdict(s: DemoSide): string {
  const { sessions, orphans, preflightKeys } = s.summary;
  const ids = s.summary.findings.map((f) => f.id);
  const share = sessions ? Math.round((orphans / sessions) * 100) : 0;
  if (ids.length === 0 && orphans === 0) {
    return `0 orphans, no findings — ${sessions} sessions, one per login; preflights, visits and health checks stored nothing.`;
  }
  const parts = [
    ids.includes('SESS-PREFLIGHT-MINT')
      ? `SESS-PREFLIGHT-MINT — each CORS preflight stored a session (${preflightKeys} key per preflight) whose cookie the browser discards`
      : undefined,
    `${orphans} of ${sessions} sessions (${share}%) are orphans`,
    ids.filter((id) => id !== 'SESS-PREFLIGHT-MINT').length
      ? `also ${ids.filter((id) => id !== 'SESS-PREFLIGHT-MINT').join(', ')}`
      : undefined,
  ];
  return `${parts.filter(Boolean).join('; ')}.`;
}
