import { severityRank } from '../severity.js';
import type { CiRun } from './ci-item.js';

/**
 * Markdown for `$GITHUB_STEP_SUMMARY` (research §7.3): the annotations show at most ~10 findings,
 * the summary shows all of them, worst first.
 */
export function renderGithubSummary(run: CiRun): string {
  const failed = run.items
    .filter((i) => i.status === 'fail')
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    `### ${run.tool.name}: ${failed.length} finding${failed.length === 1 ? '' : 's'} for \`${run.subject}\`${run.complete === false ? ' (incomplete)' : ''}`,
    '',
  ];
  if (failed.length > 0) {
    lines.push('| severity | check | finding | fix |', '|---|---|---|---|');
    for (const i of failed)
      lines.push(
        `| ${i.severity} | ${i.docs ? `[\`${i.id}\`](${i.docs})` : `\`${i.id}\``} ${cell(i.title)} | ${cell(i.message)} | ${cell(i.fix ?? '')} |`,
      );
  }
  const count = (s: string) => run.items.filter((i) => i.status === s).length;
  lines.push(
    '',
    `${count('pass')} pass · ${count('fail')} fail · ${count('unknown')} unknown · ${count('skip')} skip · ${count('error')} error`,
    '',
  );
  return lines.join('\n');
}
