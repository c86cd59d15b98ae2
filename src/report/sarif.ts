import { createHash } from 'node:crypto';
import { SARIF_LEVEL, SECURITY_SEVERITY, type CiRun } from './ci-item.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (research §7.2): one rule per check id with help text and
 * security-severity, one result per failed check. A live URL has no source file, so results anchor
 * at `run.location` (the config or HAR file that names the target) or at the subject itself.
 * Several runs (`sessctl check`) become one SARIF run, as code scanning wants one per tool and
 * category; `options.category` names it (default: the single subject).
 */
export function renderSarif(input: CiRun | readonly CiRun[], options: { category?: string } = {}): string {
  const runs: readonly CiRun[] = Array.isArray(input) ? input : [input as CiRun];
  const run = runs[0]!;
  const rules = [...new Map(runs.flatMap((r) => r.rules).map((r) => [r.id, r])).values()];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const category = options.category ?? `sessctl/${run.subject.replace(/^[a-z]+:\/\//i, '')}/`;
  const errors = runs.flatMap((r) =>
    r.items
      .filter((i) => i.status === 'error')
      .map((i) => ({ level: 'error', message: { text: `${i.id} (${r.subject}): ${i.message}` } })),
  );
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
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([A-Z])([A-Z]*)/g, (_m, _d, a: string, b: string) => a + b.toLowerCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              help: { text: r.help },
              ...(r.docs ? { helpUri: r.docs } : {}),
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { tags: ['security'], 'security-severity': SECURITY_SEVERITY[r.severity], precision: 'high' },
            })),
          },
        },
        automationDetails: { id: category },
        invocations: [
          {
            executionSuccessful: runs.every((r) => r.complete ?? true),
            ...(errors.length ? { toolExecutionNotifications: errors } : {}),
          },
        ],
        results: runs.flatMap((r) =>
          r.items
            .filter((i) => i.status === 'fail')
            .map((i) => ({
              ruleId: i.id,
              ...(ruleIndex.has(i.id) ? { ruleIndex: ruleIndex.get(i.id) } : {}),
              level: SARIF_LEVEL[i.severity],
              message: { text: `${i.title}: ${i.message} (${r.subject})${i.fix ? ` Fix: ${i.fix}` : ''}` },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: r.location?.uri ?? r.subject },
                    region: { startLine: r.location?.line ?? 1 },
                  },
                },
              ],
              partialFingerprints: {
                'sessctl/v1': createHash('sha256').update(`${i.id}\n${r.subject}`).digest('hex').slice(0, 32),
              },
              properties: {
                severity: i.severity,
                'security-severity': SECURITY_SEVERITY[i.severity],
                ...(i.failing === undefined ? {} : { failing: i.failing }),
                ...(i.fix === undefined ? {} : { fix: i.fix }),
                ...(i.docs === undefined ? {} : { docs: i.docs }),
                ...(i.evidence === undefined ? {} : { evidence: i.evidence }),
              },
            })),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
