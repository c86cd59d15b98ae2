import { Chalk } from 'chalk';
import type { Finding, ProbeReport } from '../probe/types.js';
import { scanLayout } from '../probe/scan-layout.js';
import { scrub } from '../redact.js';
import { severityRank, type Severity } from '../severity.js';
import { DEFAULT_WIDTH, wrap } from './wrap.js';

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
    const t = s.toUpperCase().padEnd(8);
    return s === 'critical' || s === 'high' ? c.red.bold(t) : s === 'medium' ? c.yellow(t) : c.dim(t);
  };
  const m = report.model;
  const out: string[] = [];
  out.push(
    c.bold(`sessctl probe ${report.target}`) +
      c.dim(
        `  ${report.requests} requests, ${report.durationMs} ms${report.store ? `, store ${report.store.url}` : ''}`,
      ),
  );
  if (!report.complete)
    out.push(c.red(wrap(`incomplete: ${report.errors.join('; ')}`, width, { indent: '  ' }).replace(/^ {2}/, '')));
  out.push('');
  out.push(c.bold('Session model'));
  out.push(`  session cookie  ${m.sessionCookie ?? c.dim('none seen')}`);
  out.push(`  cookie          ${m.cookie}`);
  out.push(`  header token    ${m.headerToken}`);
  out.push(`  body token      ${m.bodyToken}`);
  out.push(`  token kind      ${m.tokenKind}${TOKEN_KIND[m.tokenKind] ? c.dim(`  (${TOKEN_KIND[m.tokenKind]})`) : ''}`);
  out.push(`  precedence      ${m.precedence}`);
  out.push(`  ttl             ${m.ttlS === null ? c.dim('not verified') : `gone after ${m.ttlS}s`}`);
  out.push(`  state from      ${m.stateFrom}${m.anonymousMints ? c.dim('  (anonymous requests get a session)') : ''}`);
  out.push(wrap(`${SESSIONS_FROM[m.sessionsFrom]}`, width, { first: '  sessions from   ', indent: ' '.repeat(18) }));
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
  if (m.framework) out.push(`  framework       ${m.framework.framework}${c.dim(`  (from the ${m.framework.from})`)}`);
  if (report.har) {
    out.push('');
    out.push(
      c.bold(`HAR replay ${report.har.file}`) +
        (report.har.sanitized
          ? c.yellow('  warning: the HAR has no Cookie/Set-Cookie/Authorization (sanitized export?)')
          : ''),
    );
    for (const e of report.har.entries) {
      const keys = e.keysCreated === undefined ? '' : `  +${e.keysCreated} keys`;
      out.push(
        `  #${String(e.index).padEnd(3)} ${e.method.padEnd(7)} ${e.url}  ${e.skipped ? c.dim(`skipped: ${e.skipped}`) : `${e.status}${e.preflight ? ' preflight' : ''}${e.minted ? c.yellow(' minted a session') : ''}${keys}`}`,
      );
    }
  }
  out.push('');
  const findings = [...report.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  out.push(c.bold(`Findings (${findings.length})`));
  if (findings.length === 0) out.push(c.dim('  none'));
  // One indent for every docs line: under the message when the longest link fits there.
  const docsPad = findings.every((f) => 11 + 6 + f.docs.length <= width) ? ' '.repeat(11) : '    ';
  for (const f of findings) out.push(...finding(f, sev, c, width, docsPad));
  out.push('');
  const count = (s: string) => report.checks.filter((x) => x.status === s).length;
  out.push(
    c.bold('Checks') +
      c.dim(
        `  ${count('pass')} pass · ${count('fail')} fail · ${count('unknown')} unknown · ${count('skip')} skip · ${count('error')} error`,
      ),
  );
  for (const chk of report.checks) {
    const mark =
      chk.status === 'pass'
        ? c.green(MARK.pass)
        : chk.status === 'fail'
          ? c.red(MARK.fail)
          : chk.status === 'error'
            ? c.red(MARK.error)
            : c.dim(MARK[chk.status]);
    const why = chk.status === 'fail' ? 'see findings' : `${chk.status}: ${chk.reason ?? ''}`;
    // The reason hangs under its own column; on a narrow terminal it starts on the next line.
    const hang = width >= 70 ? ' '.repeat(35) : '      ';
    const text = wrap(why, width, { first: width >= 70 ? hang : '', indent: hang });
    out.push(`  ${mark} ${chk.id.padEnd(30)} ${c.dim(width >= 70 ? text.slice(hang.length) : `\n${hang}${text}`)}`);
  }
  if (report.store) {
    const created = Object.entries(report.store.keysCreated).filter(([, n]) => n > 0);
    out.push('');
    out.push(c.bold('Store keys created') + c.dim(`  prefix ${report.store.prefix ?? '(all keys)'}`));
    out.push(created.length === 0 ? c.dim('  none') : `  ${created.map(([s, n]) => `${s}: ${n}`).join(' · ')}`);
    const removed = Object.entries(report.store.keysRemoved ?? {});
    if (removed.length > 0)
      out.push(c.bold('Store keys removed'), `  ${removed.map(([s, n]) => `${s}: ${n}`).join(' · ')}`);
    out.push(...layout(report, c));
  }
  return `${scrub(out.join('\n'))}\n`;
}

/** The key layout the probe learned, and the scan commands that select those keys. */
function layout(report: ProbeReport, c: InstanceType<typeof Chalk>): string[] {
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
  return [
    c.bold('Store key layout'),
    ...rows.map(([name, t]) => `  ${name.padEnd(16)}  ${t}`),
    ...commands.map((cmd, i) => `  ${(i === 0 ? 'select them with' : '').padEnd(16)}  ${cmd}`),
  ];
}

const LAYOUT_NAME = { cookie: 'cookie', headerToken: 'header token', bodyToken: 'body token' } as const;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function finding(
  f: Finding,
  sev: (s: Severity) => string,
  c: InstanceType<typeof Chalk>,
  width: number,
  docsPad: string,
): string[] {
  const pad = ' '.repeat(11);
  const lines = [
    `  ${sev(f.severity)} ${c.bold(f.id)}  ${f.title}`,
    wrap(f.message, width, { indent: pad }),
    c.green(wrap(f.fix, width, { first: `${pad}fix: `, indent: `${pad}     ` })),
    c.dim(`${docsPad}docs: ${f.docs}`),
  ];
  const e = f.evidence;
  if (e) {
    lines.push(
      c.dim(
        `           ${e.request.method} ${e.request.url}  → ${e.response?.status ?? 'no response'}  (step ${e.step})`,
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
