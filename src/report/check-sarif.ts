import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckItem, CheckReport } from '../check/check-report.js';
import { checkInfo } from '../probe/check-info.js';
import type { Severity } from '../severity.js';
import { VERSION } from '../cli/version.js';

// GitHub code scanning: security-severity bands and levels (research/probe-and-ci.md §7.2, §8.1).
const securitySeverity = { info: '0.1', low: '2.0', medium: '5.0', high: '7.5', critical: '9.5' } as const satisfies Record<Severity, string>;
const level = { info: 'note', low: 'note', medium: 'warning', high: 'error', critical: 'error' } as const satisfies Record<Severity, string>;

/**
 * SARIF 2.1.0 for GitHub code scanning. A live URL or store has no source file, so each result is
 * anchored at the config line that declares its probe or scan: that is where a fix is reviewed.
 */
export function renderCheckSarif(report: CheckReport): string {
  const found = report.targets.flatMap((t) => t.items.filter((i) => i.status === 'fail').map((item) => ({ t, item })));
  const rules = new Map<string, CheckItem>();
  for (const { item } of found) if (!rules.has(item.id)) rules.set(item.id, item);
  const file = report.config ?? 'sessctl.config.json';
  // Repo-relative when the config is inside the working directory (what code scanning expects).
  const uri = isAbsolute(file) ? pathToFileURL(file).href : file.split('\\').join('/');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sessctl',
            version: VERSION,
            informationUri: 'https://github.com/sessctl/sessctl',
            rules: [...rules.values()].map((item) => rule(item)),
          },
        },
        automationDetails: { id: 'sessctl/check/' },
        invocations: [
          {
            executionSuccessful: report.complete,
            toolExecutionNotifications: report.targets.flatMap((t) =>
              t.errors.map((e) => ({ level: 'error', message: { text: `${t.kind} ${t.name}: ${e}` } })),
            ),
          },
        ],
        results: found.map(({ t, item }) => ({
          ruleId: item.id,
          level: level[item.severity ?? 'medium'],
          message: { text: `${t.name}: ${item.message}` },
          locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: t.line ?? 1 } } }],
          partialFingerprints: { 'sessctl/v1': createHash('sha256').update(`${item.id}\n${t.kind}\n${t.name}`).digest('hex').slice(0, 32) },
          properties: { target: t.kind === 'probe' ? t.url : t.store, failing: item.failing, ...(item.ignored ? { ignored: true } : {}) },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function rule(item: CheckItem) {
  const info = (checkInfo as Record<string, { title: string; description: string; help: string } | undefined>)[item.id];
  const severity = item.severity ?? 'medium';
  return {
    id: item.id,
    name: item.id.toLowerCase().replace(/(^|-)([a-z])/g, (_m, _d: string, ch: string) => ch.toUpperCase()),
    shortDescription: { text: info?.title ?? item.title },
    fullDescription: { text: info?.description ?? item.title },
    help: { text: info?.help ?? 'Find and remove the sessions with `sessctl scan` and `sessctl clean`, then fix their source (`sessctl probe`).' },
    defaultConfiguration: { level: level[severity] },
    properties: { 'security-severity': securitySeverity[severity], tags: ['security', 'sessions'], precision: 'high' },
  };
}
