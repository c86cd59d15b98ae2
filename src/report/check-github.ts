import { appendFile } from 'node:fs/promises';
import type { CheckItem, CheckReport, TargetOutcome } from '../check/check-report.js';

/**
 * GitHub Actions workflow commands (research/probe-and-ci.md §7.3): one annotation per finding and
 * per incomplete target, worst first because only about ten per step are shown. Failing items are
 * errors, findings below the threshold warnings, ignored ones notices.
 */
export function renderCheckGithub(report: CheckReport): string {
  const rows: Array<{ rank: number; line: string }> = [];
  const file = report.config;
  for (const t of report.targets) {
    for (const e of t.errors) rows.push({ rank: 0, line: command('error', t, file, `${t.kind} ${t.name} could not complete`, e) });
    for (const i of t.items.filter((x) => x.status === 'fail')) {
      const kind = i.failing ? 'error' : i.ignored || i.note ? 'notice' : 'warning';
      rows.push({ rank: i.failing ? 1 : 2, line: command(kind, t, file, `${i.id} (${i.severity}) · ${t.name}`, `${i.title}: ${i.message}`) });
    }
  }
  rows.sort((a, b) => a.rank - b.rank);
  const s = report.summary;
  const tail = `sessctl check: ${s.failing} failing, ${s.findings} findings, ${s.incomplete} incomplete → exit ${s.exitCode}`;
  return `${[...rows.map((r) => r.line), tail].join('\n')}\n`;
}

function command(kind: 'error' | 'warning' | 'notice', t: TargetOutcome, file: string | undefined, title: string, message: string): string {
  const props = [file ? `file=${prop(file)}` : undefined, file && t.line ? `line=${t.line}` : undefined, `title=${prop(title)}`].filter(Boolean).join(',');
  return `::${kind} ${props}::${data(message)}`;
}

// actions/toolkit packages/core/src/command.ts escaping.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** The Markdown job summary: one row per target and one per failed item. */
export function renderCheckSummary(report: CheckReport): string {
  const s = report.summary;
  const icon = s.exitCode === 0 ? '✅' : s.exitCode === 1 ? '❌' : '⚠️';
  const out = [
    `### ${icon} sessctl check: ${s.exitCode === 0 ? 'passed' : s.exitCode === 1 ? 'failed' : 'incomplete'}`,
    '',
    `Fail on **${report.failOn}** · ${s.targets} targets · ${s.findings} findings (${s.failing} failing) · ${s.incomplete} incomplete · exit ${s.exitCode}`,
    '',
    '| target | kind | result | check | severity | details |',
    '|---|---|---|---|---|---|',
  ];
  for (const t of report.targets) {
    const failed = t.items.filter((i) => i.status === 'fail' || i.status === 'error');
    const verdict = !t.complete ? '⚠️ incomplete' : t.items.some((i) => i.failing) ? '❌ fail' : '✅ pass';
    if (failed.length === 0) out.push(`| ${md(t.name)} | ${t.kind} | ${verdict} | | | ${t.items.length} checks passed or not applicable |`);
    for (const i of failed) out.push(`| ${md(t.name)} | ${t.kind} | ${verdict} | \`${i.id}\` | ${i.severity ?? ''} | ${md(note(i))} |`);
  }
  return `${out.join('\n')}\n`;
}

function note(i: CheckItem): string {
  return `${i.message}${i.failing || i.status !== 'fail' ? '' : ` (${whyNotFailing(i)})`}`;
}

/** Why a finding does not fail the run. */
export function whyNotFailing(i: CheckItem): string {
  return i.ignored ? 'ignored by the config' : (i.note ?? 'below failOn');
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Appends the summary to the file GitHub names in $GITHUB_STEP_SUMMARY. */
export async function appendStepSummary(path: string, report: CheckReport): Promise<void> {
  await appendFile(path, `${renderCheckSummary(report)}\n`);
}
