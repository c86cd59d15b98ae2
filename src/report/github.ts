import { severityRank } from '../severity.js';
import type { CiItem, CiRun } from './ci-item.js';

const COMMAND = { info: 'notice', low: 'notice', medium: 'warning', high: 'error', critical: 'error' } as const;

/**
 * GitHub Actions workflow commands (research §7.3), worst first because only about ten annotations
 * per step are shown. Escaping follows actions/toolkit `command.ts`. Several runs (`sessctl check`)
 * share one ordering; an item's `failing` flag, when set, picks error (fails the run) or notice.
 */
export function renderGithub(input: CiRun | readonly CiRun[]): string {
  const runs: readonly CiRun[] = Array.isArray(input) ? input : [input as CiRun];
  const rank = (i: CiItem) => (i.failing === true ? 10 : i.failing === false ? -1 : 0) + severityRank(i.severity);
  const failed = runs
    .flatMap((run) => run.items.filter((i) => i.status === 'fail').map((i) => ({ run, i })))
    .sort((a, b) => rank(b.i) - rank(a.i));
  const lines = failed.map(({ run, i }) => {
    const props = [`title=${escapeProperty(`${i.id} (${i.severity}): ${i.title}`)}`];
    if (run.location)
      props.unshift(
        `file=${escapeProperty(run.location.uri)}`,
        ...(run.location.line ? [`line=${run.location.line}`] : []),
      );
    const command = i.failing === true ? 'error' : i.failing === false ? 'notice' : COMMAND[i.severity];
    const note = i.failing === false && i.note ? ` [${i.note}]` : '';
    const fix = i.fix ? ` Fix: ${i.fix}${i.docs ? ` (${i.docs})` : ''}` : '';
    return `::${command} ${props.join(',')}::${escapeData(`${i.message} (${run.subject})${note}${fix}`)}`;
  });
  const errors = runs.flatMap((run) =>
    run.items
      .filter((i) => i.status === 'error')
      .map((i: CiItem) => {
        const where = run.location
          ? `file=${escapeProperty(run.location.uri)},${run.location.line ? `line=${run.location.line},` : ''}`
          : '';
        return `::error ${where}title=${escapeProperty(`${i.id} could not run`)}::${escapeData(runs.length > 1 ? `${i.message} (${run.subject})` : i.message)}`;
      }),
  );
  const incomplete = runs.some((r) => r.complete === false) ? ' (incomplete)' : '';
  const subject = runs.length === 1 ? runs[0]!.subject : `${runs.length} targets`;
  const summary = `${runs[0]?.tool.name ?? 'sessctl'}: ${failed.length} finding${failed.length === 1 ? '' : 's'} for ${subject}${incomplete}`;
  return [...errors, ...lines, summary, ''].join('\n');
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
