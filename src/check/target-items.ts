import { docsUrl } from '../docs-url.js';
import { checkInfo } from '../probe/check-info.js';
import type { CheckId, ProbeReport } from '../probe/types.js';
import { meetsFailOn, severityRank, type FailOn, type Severity } from '../severity.js';
import type { CheckItem, ThresholdResult } from './check-report.js';
import type { ProbeTarget, ScanTarget } from './config.js';
import type { ScanReportLike } from './scan-report-like.js';

const titleOf = (id: string): string => (checkInfo as Record<string, { title: string } | undefined>)[id]?.title ?? id;

/**
 * One item per probe check id: several findings of one check (e.g. two cookies without HttpOnly)
 * become one failed item at the highest severity, so JUnit names stay unique per suite.
 */
export function probeItems(
  report: ProbeReport | null,
  target: ProbeTarget,
  failOn: FailOn,
  errors: string[],
): CheckItem[] {
  const items: CheckItem[] = [];
  const ids = new Set<string>([
    ...(report?.checks.map((c) => c.id) ?? []),
    ...(report?.findings.map((f) => f.id) ?? []),
  ]);
  for (const id of ids) {
    const check = report!.checks.find((c) => c.id === id);
    const findings = report!.findings.filter((f) => f.id === id);
    if (findings.length) {
      const severity = findings.map((f) => f.severity).reduce((a, b) => (severityRank(b) > severityRank(a) ? b : a));
      const ignored = target.ignore.includes(id);
      items.push({
        id,
        status: 'fail',
        severity,
        title: findings[0]!.title,
        message: findings.map((f) => f.message).join(' '),
        failing: !ignored && meetsFailOn(severity, failOn),
        ...(ignored ? { ignored } : {}),
        fix: findings[0]!.fix,
        docs: findings[0]!.docs,
      });
    } else if (check) {
      const status = check.status === 'fail' ? 'unknown' : check.status;
      items.push({
        id,
        status,
        title: titleOf(id as CheckId),
        message: check.reason ?? statusWords[status],
        failing: false,
      });
    }
  }
  if (errors.length)
    items.push({
      id: 'PROBE-INCOMPLETE',
      status: 'error',
      title: 'Probe could not complete',
      message: errors.join('; '),
      failing: false,
    });
  return items;
}

const statusWords = {
  pass: 'passed',
  skip: 'not applicable',
  unknown: 'the responses do not depend on the session',
  error: 'the check failed to run',
} as const;

/**
 * Threshold items, then the scan's own findings. With thresholds configured they alone gate the
 * scan and findings are reported only; without, findings gate as in `sessctl scan --fail-on`.
 */
export function scanItems(
  report: ScanReportLike | null,
  thresholds: ThresholdResult[],
  target: ScanTarget,
  failOn: FailOn,
  errors: string[],
): CheckItem[] {
  const gated = thresholds.length > 0;
  const empty = emptyScan(report, target);
  if (empty) {
    // Nothing to judge is not a pass: every threshold is unknown, and the target says why (exit 3).
    return [
      {
        id: 'SCAN-EMPTY',
        status: 'unknown',
        title: 'The scan found no session',
        message: empty,
        failing: false,
        docs: docsUrl('SCAN-EMPTY'),
      },
      ...thresholds.map((t): CheckItem => ({
        id: t.id,
        status: 'unknown',
        title: `${t.kind === 'maxShare' ? 'Share' : 'Number'} of ${t.class} sessions`,
        message: 'no session to judge',
        failing: false,
      })),
    ];
  }
  const items = thresholds.map((t): CheckItem => {
    const limit = t.kind === 'maxShare' ? percent(t.limit) : int(t.limit);
    const title = `${t.kind === 'maxShare' ? 'Share' : 'Number'} of ${t.class} sessions at most ${limit}`;
    if (t.actual === null) {
      return {
        id: t.id,
        status: 'unknown',
        title,
        message: `the scan report has no count of ${t.class} sessions`,
        failing: false,
      };
    }
    const seen =
      t.kind === 'maxShare'
        ? `${int(t.count ?? 0)} of ${int(t.of)} sessions (${percent(t.actual)}) are ${t.class}`
        : `${int(t.count ?? 0)} sessions are ${t.class}`;
    // Within the limit on part of the keyspace proves nothing about the rest; a breach still counts.
    if (t.pass && errors.length)
      return {
        id: t.id,
        status: 'unknown',
        title,
        message: `${seen} so far (the scan stopped early); the limit is ${limit}`,
        failing: false,
      };
    if (t.pass) return { id: t.id, status: 'pass', title, message: `${seen}; the limit is ${limit}`, failing: false };
    const severity: Severity = target.severity;
    return {
      id: t.id,
      status: 'fail',
      severity,
      title,
      message: `${seen}; the limit is ${limit}`,
      failing: meetsFailOn(severity, failOn),
      ...thresholdFix(t),
    };
  });
  const byId = new Map<string, NonNullable<ScanReportLike['findings']>>();
  for (const f of report?.findings ?? [])
    if (f.id !== 'SCAN-INCOMPLETE') byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  for (const [id, fs] of byId) {
    const severity = fs.map((f) => f.severity).reduce((a, b) => (severityRank(b) > severityRank(a) ? b : a));
    items.push({
      id,
      status: 'fail',
      severity,
      title: scanTitles[id] ?? id,
      message: fs.map(findingWords).join('; '),
      failing: !gated && meetsFailOn(severity, failOn),
      ...(gated ? { note: 'reported only: the thresholds decide this scan' } : {}),
      ...(fs[0]!.fix ? { fix: fs[0]!.fix } : {}),
      docs: fs[0]!.docs ?? docsUrl(id),
    });
  }
  if (errors.length)
    items.push({
      id: 'SCAN-INCOMPLETE',
      status: 'error',
      title: 'Scan could not complete',
      message: errors.join('; '),
      failing: false,
    });
  return items;
}

/**
 * Why a finished scan proves nothing: it recognised no session (a wrong match, database or prefix
 * reads "0 sessions in 0 keys"); null when it found some, did not finish, or the config allows it.
 */
export function emptyScan(
  report: ScanReportLike | null,
  target: Pick<ScanTarget, 'allowEmpty' | 'match'>,
): string | null {
  if (!report?.complete || report.totals.sessions > 0 || target.allowEmpty) return null;
  const keys = report.totals.keys;
  const where = target.match ? ` matching "${target.match}"` : '';
  return `0 sessions in ${int(keys)} key${keys === 1 ? '' : 's'}${where}: check the store URL (database), match and layouts, or set "allowEmpty": true if the store may hold none`;
}

/** A threshold breach's fix: clean the class it counts, then stop its source. */
function thresholdFix(t: ThresholdResult): { fix: string; docs: string } {
  const cls = t.class === 'orphan' ? 'empty,never-read' : t.class;
  const source =
    t.class === 'no-ttl'
      ? "set a TTL in the app's session store"
      : 'create sessions only when a value is stored (`sessctl probe` the app to find which requests make them)';
  return {
    fix: `Remove them with \`sessctl clean <store-url> --class ${cls}\` (dry run first; a backup restores them), then ${source}.`,
    docs: docsUrl(t.id),
  };
}

/** `38 sessions under "sess:" (100%)`. */
function findingWords(f: NonNullable<ScanReportLike['findings']>[number]): string {
  if (f.count === undefined) return scanTitles[f.id] ?? f.id;
  const under = f.prefix === undefined ? '' : ` under "${f.prefix}"`;
  return `${int(f.count)} session${f.count === 1 ? '' : 's'}${under}${f.share === undefined ? '' : ` (${percent(f.share)})`}`;
}

const scanTitles: Record<string, string> = {
  'SCAN-ORPHANS': 'Orphaned sessions (never read or empty)',
  'SCAN-NO-TTL': 'Sessions that never expire',
  'SCAN-STALE': 'Stale sessions',
  'SCAN-UNDECODABLE': 'Undecodable session payloads',
  'SCAN-IDLE-UNTRUSTED': 'Idle times cannot be trusted on this store',
};

/** 240000 → "240,000": the same separators as every other report. */
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function percent(share: number): string {
  const p = share * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}
