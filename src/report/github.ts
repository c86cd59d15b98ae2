import { severityRank } from '../severity.js';
import type { CiItem, CiRun } from './ci-item.js';

const COMMAND = { info: 'notice', low: 'notice', medium: 'warning', high: 'error', critical: 'error' } as const;

/**
 * GitHub Actions workflow commands (research §7.3), worst first because only about ten annotations
 * per step are shown. Escaping follows actions/toolkit `command.ts`.
 */
export function renderGithub(run: CiRun): string {
  const failed = run.items.filter((i) => i.status === 'fail').sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const lines = failed.map((i) => {
    const props = [`title=${escapeProperty(`${i.id} (${i.severity}): ${i.title}`)}`];
    if (run.location) props.unshift(`file=${escapeProperty(run.location.uri)}`, ...(run.location.line ? [`line=${run.location.line}`] : []));
    return `::${COMMAND[i.severity]} ${props.join(',')}::${escapeData(`${i.message} (${run.subject})`)}`;
  });
  const errors = run.items.filter((i) => i.status === 'error').map((i: CiItem) => `::error title=${escapeProperty(`${i.id} could not run`)}::${escapeData(i.message)}`);
  const summary = `${run.tool.name}: ${failed.length} finding${failed.length === 1 ? '' : 's'} for ${run.subject}${run.complete === false ? ' (incomplete)' : ''}`;
  return [...lines, ...errors, summary, ''].join('\n');
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
