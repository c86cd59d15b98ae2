import { createHash } from 'node:crypto';
import { SARIF_LEVEL, SECURITY_SEVERITY, type CiRun } from './ci-item.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (research §7.2): one rule per check id with help text and
 * security-severity, one result per failed check. A live URL has no source file, so results anchor
 * at `run.location` (the config or HAR file that names the target) or at the subject itself.
 */
export function renderSarif(run: CiRun): string {
  const uri = run.location?.uri ?? run.subject;
  const ruleIndex = new Map(run.rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: run.tool.name,
            version: run.tool.version,
            ...(run.tool.informationUri ? { informationUri: run.tool.informationUri } : {}),
            rules: run.rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([A-Z])([A-Z]*)/g, (_m, _d, a: string, b: string) => a + b.toLowerCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              help: { text: r.help },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { tags: ['security'], 'security-severity': SECURITY_SEVERITY[r.severity], precision: 'high' },
            })),
          },
        },
        automationDetails: { id: `sessctl/${run.subject.replace(/^[a-z]+:\/\//i, '')}/` },
        invocations: [{ executionSuccessful: run.complete ?? true }],
        results: run.items
          .filter((i) => i.status === 'fail')
          .map((i) => ({
            ruleId: i.id,
            ...(ruleIndex.has(i.id) ? { ruleIndex: ruleIndex.get(i.id) } : {}),
            level: SARIF_LEVEL[i.severity],
            message: { text: `${i.title}: ${i.message} (${run.subject})` },
            locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: run.location?.line ?? 1 } } }],
            partialFingerprints: { 'sessctl/v1': createHash('sha256').update(`${i.id}\n${run.subject}`).digest('hex').slice(0, 32) },
            properties: { severity: i.severity, 'security-severity': SECURITY_SEVERITY[i.severity], ...(i.evidence === undefined ? {} : { evidence: i.evidence }) },
          })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
