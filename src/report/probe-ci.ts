import { docsUrl } from '../docs-url.js';
import { checkInfo } from '../probe/check-info.js';
import type { ProbeReport } from '../probe/types.js';
import { severityRank, type FailOn } from '../severity.js';
import type { CiItem, CiRun } from './ci-item.js';

/** A probe report as the generic CI run: one item per check, its findings folded into it. */
export function probeCiRun(report: ProbeReport, failOn: FailOn, version: string): CiRun {
  const items: CiItem[] = report.checks.map((c) => {
    const info = checkInfo[c.id];
    const found = report.findings.filter((f) => f.id === c.id);
    const severity = found.reduce(
      (s, f) => (severityRank(f.severity) > severityRank(s) ? f.severity : s),
      found[0]?.severity ?? info.severity,
    );
    return {
      id: c.id,
      severity,
      title: info.title,
      status: c.status,
      group: info.group,
      message: found.length > 0 ? found.map((f) => f.message).join('; ') : (c.reason ?? ''),
      ...(found.length > 0 ? { evidence: found.map((f) => f.evidence), fix: found[0]!.fix, docs: found[0]!.docs } : {}),
    };
  });
  return {
    tool: { name: 'sessctl', version, informationUri: 'https://www.npmjs.com/package/sessctl' },
    subject: report.target,
    items,
    rules: report.checks.map((c) => ({ id: c.id, ...pick(checkInfo[c.id]), ...docsOf(c.id) })),
    failOn,
    durationMs: report.durationMs,
    complete: report.complete,
    ...(report.har ? { location: { uri: report.har.file } } : {}),
  };
}

function pick(i: (typeof checkInfo)[keyof typeof checkInfo]) {
  return { title: i.title, description: i.description, help: i.help, severity: i.severity };
}

function docsOf(id: string) {
  return { docs: docsUrl(id) };
}
