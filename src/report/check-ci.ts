import type { CheckItem, CheckReport, TargetOutcome } from '../check/check-report.js';
import { checkInfo } from '../probe/check-info.js';
import type { Severity } from '../severity.js';
import type { CiItem, CiRule, CiRun } from './ci-item.js';

type Info = { title: string; description: string; help: string; severity: Severity; group: string };
const probeInfo = checkInfo as Record<string, Info | undefined>;

const SCAN_HELP =
  'Find the sessions with `sessctl scan`, remove them with `sessctl clean`, and stop their source (`sessctl probe` the app; sessctl/middleware creates sessions lazily).';

/**
 * A check report as the generic CI runs the probe's JUnit, SARIF and GitHub renderers take: one
 * run per probe or scan, anchored at the config line that declares it. Each item carries its own
 * `failing` verdict, so ignored checks and threshold-gated scan findings never fail in any format.
 */
export function checkCiRuns(report: CheckReport, version: string): CiRun[] {
  return report.targets.map((t) => ({
    tool: { name: 'sessctl', version, informationUri: 'https://www.npmjs.com/package/sessctl' },
    subject: t.name,
    items: t.items.map((i) => ciItem(t, i)),
    rules: [...new Map(t.items.filter((i) => i.status === 'fail').map((i) => [i.id, rule(t, i)])).values()],
    failOn: t.failOn,
    durationMs: t.durationMs,
    complete: t.complete,
    ...(report.config
      ? { location: { uri: report.config.split('\\').join('/'), ...(t.line ? { line: t.line } : {}) } }
      : {}),
  }));
}

function ciItem(t: TargetOutcome, i: CheckItem): CiItem {
  const info = probeInfo[i.id];
  const whyNot = i.ignored ? 'ignored by the config' : i.note;
  return {
    id: i.id,
    severity: i.severity ?? info?.severity ?? 'medium',
    title: i.title,
    status: i.status,
    message: i.message,
    group: t.kind === 'probe' ? (info?.group ?? 'probe') : 'scan',
    ...(i.status === 'fail' ? { failing: i.failing } : {}),
    ...(i.status === 'fail' && !i.failing && whyNot ? { note: whyNot } : {}),
    ...(i.status === 'fail' && i.fix ? { fix: i.fix } : {}),
    ...(i.status === 'fail' && i.docs ? { docs: i.docs } : {}),
  };
}

function rule(t: TargetOutcome, i: CheckItem): CiRule {
  const info = probeInfo[i.id];
  const docs = i.docs ? { docs: i.docs } : {};
  if (info)
    return {
      id: i.id,
      title: info.title,
      description: info.description,
      help: info.help,
      severity: info.severity,
      ...docs,
    };
  return {
    id: i.id,
    title: t.kind === 'scan' && i.id.startsWith('SCAN-') ? i.title.replace(/ at most .*$/, '') : i.title,
    description: i.title,
    help: i.fix ?? SCAN_HELP,
    severity: i.severity ?? 'medium',
    ...docs,
  };
}
