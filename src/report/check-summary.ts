import { appendFile } from 'node:fs/promises';
import type { CheckItem, CheckReport } from '../check/check-report.js';
import { scrub } from '../redact.js';

/** The Markdown job summary: one row per target and one per failed item. */
export function renderCheckSummary(report: CheckReport): string {
  const s = report.summary;
  const icon = s.exitCode === 0 ? '✅' : s.exitCode === 1 ? '❌' : '⚠️';
  const out = [
    `### ${icon} sessctl check: ${s.exitCode === 0 ? 'passed' : s.exitCode === 1 ? 'failed' : 'incomplete'}`,
    '',
    `Fail on **${report.failOn}** · ${s.targets} target${s.targets === 1 ? '' : 's'} · ${s.findings} finding${s.findings === 1 ? '' : 's'} (${s.failing} failing) · ${s.incomplete} incomplete · exit ${s.exitCode}`,
    '',
    '| target | kind | result | check | severity | details |',
    '|---|---|---|---|---|---|',
  ];
  for (const t of report.targets) {
    const failed = t.items.filter((i) => i.status === 'fail' || i.status === 'error');
    const verdict = !t.complete ? '⚠️ incomplete' : t.items.some((i) => i.failing) ? '❌ fail' : '✅ pass';
    if (failed.length === 0)
      out.push(`| ${md(t.name)} | ${t.kind} | ${verdict} | | | ${t.items.length} checks passed or not applicable |`);
    // Each row says what its own item does to the run: a finding below failOn in a failing target is not a failure.
    for (const i of failed)
      out.push(`| ${md(t.name)} | ${t.kind} | ${itemResult(i)} | \`${i.id}\` | ${i.severity ?? ''} | ${md(note(i))} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Agrees with the text report: ✗ fails the run, • is a finding that does not (never "✅ pass" beside a severity). */
function itemResult(i: CheckItem): string {
  return i.status === 'error' ? '⚠️ error' : i.failing ? '❌ fail' : i.status === 'fail' ? '• not gating' : '✅ pass';
}

function note(i: CheckItem): string {
  const fix = i.status === 'fail' && i.fix ? `. Fix: ${i.fix}${i.docs ? ` ([docs](${i.docs}))` : ''}` : '';
  return `${i.message}${i.failing || i.status !== 'fail' ? '' : ` (${whyNotFailing(i)})`}${fix}`;
}

/** Why a finding does not fail the run. */
export function whyNotFailing(i: CheckItem): string {
  return i.ignored ? 'ignored by the config' : (i.note ?? 'below failOn');
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Appends the summary to the file GitHub names in $GITHUB_STEP_SUMMARY. */
export async function appendStepSummary(path: string, report: CheckReport): Promise<void> {
  await appendFile(path, scrub(`${renderCheckSummary(report)}\n`));
}
