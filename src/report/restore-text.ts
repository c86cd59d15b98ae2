import { Chalk } from 'chalk';
import type { RestoreReport } from '../clean/restore.js';
import { fmtInt } from './format-number.js';
import { DEFAULT_WIDTH, wrap } from './wrap.js';

/** The default text report of `sessctl restore`. */
export function renderRestoreText(r: RestoreReport, options: { color: boolean; width?: number }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? DEFAULT_WIDTH;
  const prose = (text: string, first = '  ') => wrap(text, width, { first, indent: ' '.repeat(first.length + 2) });
  const out: string[] = [];
  const head = wrap(
    `sessctl restore ${r.file} → ${r.store.url}${r.replace ? ' (replacing existing keys)' : ''}${r.complete ? '' : ' · INCOMPLETE'}`,
    width,
    { first: '', indent: '  ' },
  );
  out.push(
    c.bold('sessctl restore') + head.slice('sessctl restore'.length).replace(/INCOMPLETE$/, c.red('INCOMPLETE')),
  );
  // Coloured after wrapping: wrap counts characters, and colour codes are none.
  const summary = [
    `restored ${fmtInt(r.restored)} of ${fmtInt(r.entries)}`,
    `${fmtInt(r.exists)} kept because the key exists`,
    `${fmtInt(r.expired)} expired, skipped`,
    ...(r.errors ? [`${fmtInt(r.errors)} failed`] : []),
    ...(r.refused ? [`${fmtInt(r.refused)} refused`] : []),
  ];
  let line = prose(`${summary.join(' · ')} in ${(r.durationMs / 1000).toFixed(1)}s`);
  line = line.replace(summary[0]!, c.bold(summary[0]!));
  for (const red of summary.slice(3)) line = line.replace(red, c.red(red));
  out.push(line);
  if (r.notDeleted)
    out.push(
      prose(
        `${fmtInt(r.notDeleted)} backup entries were never deleted by the clean (changed meanwhile, or superseded): not restored`,
      ),
    );
  if (r.exists) out.push(prose(existingLine(r)));
  for (const e of r.errorDetails) out.push(c.red(prose(`line ${e.line} ${e.key}: ${e.message}`, '  ! ')));
  if (!r.verified) out.push(c.yellow('  ! the backup was not verified (--trust-unsigned)'));
  for (const e of r.refusedDetails) out.push(c.red(prose(`line ${e.line} ${e.key}: refused, ${e.reason}`, '  ! ')));
  for (const e of r.corrupt) out.push(c.yellow(prose(`line ${e.line}: ${e.reason}, skipped`, '  ! ')));
  return out.join('\n') + '\n';
}

/**
 * The keys kept because they exist: named when their shown forms tell them apart (full keys with
 * --show-keys, or redacted keys that differ); when redaction makes them look alike (short ids all
 * read `sess:******`), their number and how to see them instead of a list that says nothing.
 */
export function existingLine(r: Pick<RestoreReport, 'exists' | 'existing'>): string {
  const n = fmtInt(r.exists);
  const keys = r.exists === 1 ? 'key' : 'keys';
  if (r.existing.length === 0 || new Set(r.existing).size < r.existing.length)
    return `${n} existing ${keys} kept (--show-keys names them, --replace overwrites them)`;
  const more = r.exists - r.existing.length;
  return `${n} existing ${keys} kept (--replace overwrites them): ${r.existing.join(', ')}${more > 0 ? ` and ${fmtInt(more)} more` : ''}`;
}

export function renderRestoreJson(r: RestoreReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}
