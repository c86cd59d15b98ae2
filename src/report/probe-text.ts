import { Chalk } from 'chalk';
import type { Finding, ProbeReport } from '../probe/types.js';
import { scanLayout } from '../probe/scan-layout.js';
import { scrub } from '../redact.js';
import { severityRank, type Severity } from '../severity.js';
import { columnStart, fitColumns, tableLines, type ColumnSpec } from './table.js';
import { afterTitle, DEFAULT_WIDTH, wrap } from './wrap.js';

/** Label, then its value wrapping under itself. */
const FIELD_COLUMNS: ColumnSpec[] = [{}, { shrink: 'wrap', shrinkTo: 20 }];
/** HAR entries: #, method, URL (cut when long), what happened (wraps); narrower floors on a narrow terminal. */
const harColumns = (width: number): ColumnSpec[] => [
  {},
  {},
  { shrink: 'truncate', shrinkTo: Math.min(24, Math.floor(width / 4)) },
  { shrink: 'wrap', shrinkTo: Math.min(26, Math.floor(width / 3)) },
];
/** Finding heads: SEVERITY (room for CRITICAL), id, title (wraps). */
const FINDING_COLUMNS: ColumnSpec[] = [{ minWidth: 8 }, {}, { shrink: 'wrap', shrinkTo: 1 }];
/** Checks: mark, id, status and reason (wraps; under the id when the terminal leaves it too little room). */
const CHECK_COLUMNS: ColumnSpec[] = [{}, {}, { shrink: 'wrap', shrinkTo: 1 }];
const MIN_REASON = 30;

const SESSIONS_FROM: Record<ProbeReport['model']['sessionsFrom'], string> = {
  anonymous: 'anonymous requests',
  login: 'the --login request (anonymous requests get none)',
  har: 'the replayed HAR',
  none: 'nowhere: no request got a session, so the session checks could not run',
};
const TOKEN_KIND: Record<ProbeReport['model']['tokenKind'], string> = {
  issued: 'the token the server hands out brings the session back',
  'client-chosen': 'any token the client sends gets its own session',
  unknown: '',
};
const MARK = { pass: '✓', fail: '✗', skip: '-', unknown: '?', error: '!' } as const;

/** The human report: model first, findings worst first with their evidence, then every check's status. */
export function renderProbeText(report: ProbeReport, options: { color: boolean; width?: number }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? DEFAULT_WIDTH;
  const sev = (s: Severity) => {
    const t = s.toUpperCase();
    return s === 'critical' || s === 'high' ? c.red.bold(t) : s === 'medium' ? c.yellow(t) : c.dim(t);
  };
  const m = report.model;
  const out: string[] = [];
  out.push(
    c.bold(`sessctl probe ${report.target}`) +
      c.dim(
        afterTitle(
          `sessctl probe ${report.target}`,
          `${report.requests} requests, ${report.durationMs} ms${report.store ? `, store ${report.store.url}` : ''}`,
          width,
        ),
      ),
  );
  if (!report.complete)
    out.push(c.red(wrap(`incomplete: ${report.errors.join('; ')}`, width, { indent: '  ' }).replace(/^ {2}/, '')));
  out.push('');
  out.push(c.bold('Session model'));
  // One layout for the model's fields, broken by the warnings that belong after "sessions from".
  const fields = [
    ['session cookie', m.sessionCookie ?? c.dim('none seen')],
    ['cookie', m.cookie],
    ['header token', m.headerToken],
    ['body token', m.bodyToken],
    ['token kind', `${m.tokenKind}${TOKEN_KIND[m.tokenKind] ? c.dim(`  (${TOKEN_KIND[m.tokenKind]})`) : ''}`],
    ['precedence', m.precedence],
    ['ttl', m.ttlS === null ? c.dim('not verified') : `gone after ${m.ttlS}s`],
    ['state from', `${m.stateFrom}${m.anonymousMints ? c.dim('  (anonymous requests get a session)') : ''}`],
    ['sessions from', SESSIONS_FROM[m.sessionsFrom]],
  ];
  const framework = m.framework
    ? [['framework', `${m.framework.framework}${c.dim(`  (from the ${m.framework.from})`)}`]]
    : [];
  const fieldLayout = { width, columns: FIELD_COLUMNS, gap: 2 };
  const fieldWidths = fitColumns([...fields, ...framework], fieldLayout);
  out.push(...tableLines(fields, { ...fieldLayout, widths: fieldWidths }));
  const blind = ['SESS-COOKIE-PERSIST', 'SESS-HEADER-PERSIST', 'SESS-BODY-PERSIST'].every(
    (id) => report.checks.find((x) => x.id === id)?.status === 'unknown',
  );
  if (blind)
    out.push(
      c.yellow.bold(
        wrap(
          'no persistence check could run: cookie, header and body are all unknown, so this report says nothing about how sessions persist',
          width,
          { first: '  ! ', indent: '    ' },
        ),
      ),
    );
  for (const hint of report.hints ?? []) out.push(c.yellow(wrap(hint, width, { first: '  → ', indent: '    ' })));
  out.push(...tableLines(framework, { ...fieldLayout, widths: fieldWidths }));
  if (report.har) {
    out.push('');
    out.push(
      c.bold(`HAR replay ${report.har.file}`) +
        (report.har.sanitized
          ? c.yellow('  warning: the HAR has no Cookie/Set-Cookie/Authorization (sanitized export?)')
          : ''),
    );
    const rows = report.har.entries.map((e) => {
      const keys = e.keysCreated === undefined ? '' : `  +${e.keysCreated} keys`;
      return [
        `#${e.index}`,
        e.method,
        // Scrubbed before the layout, so a token taken out of a URL does not shift the columns after it.
        scrub(e.url),
        e.skipped
          ? c.dim(`skipped: ${e.skipped}`)
          : `${e.status}${e.preflight ? ' preflight' : ''}${e.minted ? c.yellow(' minted a session') : ''}${keys}`,
      ];
    });
    out.push(...tableLines(rows, { width, columns: harColumns(width) }));
  }
  out.push('');
  const findings = [...report.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  out.push(c.bold(`Findings (${findings.length})`));
  if (findings.length === 0) out.push(c.dim('  none'));
  // One indent for every docs line: under the message when the longest link fits there.
  const docsPad = findings.every((f) => 11 + 6 + f.docs.length <= width) ? ' '.repeat(11) : '    ';
  const heads = findings.map((f) => [sev(f.severity), c.bold(f.id), f.title]);
  const headWidths = fitColumns(heads, { width, columns: FINDING_COLUMNS });
  findings.forEach((f, i) =>
    out.push(
      ...tableLines([heads[i]!], { width, columns: FINDING_COLUMNS, widths: headWidths }),
      ...finding(f, c, width, docsPad),
    ),
  );
  out.push('');
  const count = (s: string) => report.checks.filter((x) => x.status === s).length;
  out.push(
    c.bold('Checks') +
      c.dim(
        `  ${count('pass')} pass · ${count('fail')} fail · ${count('unknown')} unknown · ${count('skip')} skip · ${count('error')} error`,
      ),
  );
  const checkRows = report.checks.map((chk) => {
    const mark =
      chk.status === 'pass'
        ? c.green(MARK.pass)
        : chk.status === 'fail'
          ? c.red(MARK.fail)
          : chk.status === 'error'
            ? c.red(MARK.error)
            : c.dim(MARK[chk.status]);
    return [mark, chk.id, scrub(chk.status === 'fail' ? 'see findings' : `${chk.status}: ${chk.reason ?? ''}`)];
  });
  const checkWidths = fitColumns(checkRows, { width, columns: CHECK_COLUMNS });
  // The reason hangs under its own column; on a narrow terminal it starts on the next line.
  if (columnStart(checkWidths, 2) + MIN_REASON <= width)
    out.push(
      ...tableLines(
        checkRows.map(([mark, id, why]) => [mark!, id!, c.dim(why!)]),
        { width, columns: CHECK_COLUMNS, widths: checkWidths },
      ),
    );
  else
    for (const [mark, id, why] of checkRows)
      out.push(`  ${mark} ${id}`, c.dim(wrap(why!, width, { indent: '      ' })));
  if (report.store) {
    const created = Object.entries(report.store.keysCreated).filter(([, n]) => n > 0);
    out.push('');
    out.push(c.bold('Store keys created') + c.dim(`  prefix ${report.store.prefix ?? '(all keys)'}`));
    out.push(created.length === 0 ? c.dim('  none') : `  ${created.map(([s, n]) => `${s}: ${n}`).join(' · ')}`);
    const removed = Object.entries(report.store.keysRemoved ?? {});
    if (removed.length > 0)
      out.push(c.bold('Store keys removed'), `  ${removed.map(([s, n]) => `${s}: ${n}`).join(' · ')}`);
    out.push(...layout(report, c, width));
  }
  return `${scrub(out.join('\n'))}\n`;
}

/** The key layout the probe learned, and the scan commands that select those keys. */
function layout(report: ProbeReport, c: InstanceType<typeof Chalk>, width: number): string[] {
  const keys = report.model.storeKeys;
  const rows = (['cookie', 'headerToken', 'bodyToken'] as const).flatMap((m) =>
    keys?.[m] ? [[LAYOUT_NAME[m], keys[m]] as const] : [],
  );
  if (rows.length === 0 || !report.store) return [];
  const layouts = [...new Set(rows.map(([, t]) => scanLayout(t)))];
  const prefixes = [...new Set(layouts.map((l) => l.slice(0, l.indexOf('{'))).filter((p) => p !== ''))];
  const scan = `sessctl scan ${report.store.url}`;
  const commands = [
    `${scan} ${layouts.map((l) => `--layout ${shellQuote(l)}`).join(' ')}`,
    ...prefixes.map((p) => `${scan} --match ${shellQuote(`${p}*`)}`),
  ];
  const table = [...rows, ...commands.map((cmd, i) => [i === 0 ? 'select them with' : '', cmd] as const)];
  const layout = { width, columns: [{}, {}], gap: 2 };
  const widths = fitColumns(
    table.map((r) => [...r]),
    layout,
  );
  // A command is there to be copied: when it does not fit beside its label, it gets lines of its own.
  if (columnStart(widths, 1, layout) + widths[1]! <= width)
    return [
      c.bold('Store key layout'),
      ...tableLines(
        table.map((r) => [...r]),
        { ...layout, widths },
      ),
    ];
  return [
    c.bold('Store key layout'),
    // the labels keep the width "select them with" gives them, as when the commands fit
    ...tableLines(
      rows.map((r) => [...r]),
      { ...layout, widths },
    ),
    '  select them with',
    ...commands.map((cmd) => wrap(cmd, width, { first: '    ', indent: '      ' })),
  ];
}

const LAYOUT_NAME = { cookie: 'cookie', headerToken: 'header token', bodyToken: 'body token' } as const;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A finding's message, fix, docs and evidence, under its head line (indented past the severity). */
function finding(f: Finding, c: InstanceType<typeof Chalk>, width: number, docsPad: string): string[] {
  const pad = ' '.repeat(11);
  const lines = [
    wrap(f.message, width, { indent: pad }),
    c.green(wrap(f.fix, width, { first: `${pad}fix: `, indent: `${pad}     ` })),
    c.dim(`${docsPad}docs: ${f.docs}`),
  ];
  const e = f.evidence;
  if (e) {
    lines.push(
      c.dim(
        wrap(`${e.request.method} ${e.request.url} → ${e.response?.status ?? 'no response'} (step ${e.step})`, width, {
          first: pad,
          indent: `${pad}  `,
        }),
      ),
    );
    for (const [k, v] of Object.entries(e.request.headers))
      if (/^(cookie|origin|access-control|x-|authorization)/i.test(k))
        lines.push(c.dim(wrap(`${k}: ${v}`, width, { first: '             > ', indent: '                 ' })));
    for (const [k, v] of Object.entries(e.response?.headers ?? {})) {
      if (/^(set-cookie|access-control|vary|location|cache-control)/i.test(k))
        for (const one of [v].flat())
          lines.push(c.dim(wrap(`${k}: ${one}`, width, { first: '             < ', indent: '                 ' })));
    }
  }
  return lines;
}
