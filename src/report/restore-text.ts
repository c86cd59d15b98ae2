import { Chalk } from 'chalk';
import type { RestoreReport } from '../clean/restore.js';
import { fmtInt } from './format-number.js';

/** The default text report of `sessctl restore`. */
export function renderRestoreText(r: RestoreReport, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  out.push(
    `${c.bold('sessctl restore')} ${r.file} → ${r.store.url}${r.replace ? ' (replacing existing keys)' : ''}${r.complete ? '' : ` · ${c.red('INCOMPLETE')}`}`,
  );
  out.push(
    `  ${c.bold(`restored ${fmtInt(r.restored)}`)} of ${fmtInt(r.entries)} · ${fmtInt(r.exists)} kept because the key exists · ${fmtInt(r.expired)} expired, skipped` +
      (r.errors ? ` · ${c.red(`${fmtInt(r.errors)} failed`)}` : '') +
      (r.refused ? ` · ${c.red(`${fmtInt(r.refused)} refused`)}` : '') +
      ` in ${(r.durationMs / 1000).toFixed(1)}s`,
  );
  if (r.notDeleted)
    out.push(
      `  ${fmtInt(r.notDeleted)} backup entries were never deleted by the clean (changed meanwhile, or superseded): not restored`,
    );
  if (r.existing.length)
    out.push(
      `  existing keys (use --replace to overwrite): ${r.existing.join(', ')}${r.exists > r.existing.length ? ', …' : ''}`,
    );
  for (const e of r.errorDetails) out.push(c.red(`  ! line ${e.line} ${e.key}: ${e.message}`));
  if (!r.verified) out.push(c.yellow('  ! the backup was not verified (--trust-unsigned)'));
  for (const e of r.refusedDetails) out.push(c.red(`  ! line ${e.line} ${e.key}: refused, ${e.reason}`));
  for (const e of r.corrupt) out.push(c.yellow(`  ! line ${e.line}: ${e.reason}, skipped`));
  return out.join('\n') + '\n';
}

export function renderRestoreJson(r: RestoreReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}
