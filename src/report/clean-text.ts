import { Chalk } from 'chalk';
import { DEFAULT_WIDTH, wrap } from './wrap.js';
import type { CleanReport } from '../clean/types.js';
import { fmtBytes, fmtInt, fmtSeconds } from './format-number.js';
import { pacingText } from './pacing-text.js';
import { tableLines, type ColumnSpec } from './table.js';

/** prefix (cut when long), class, action, then the figures right-aligned. */
const SELECTION_COLUMNS: ColumnSpec[] = [
  { shrink: 'truncate', shrinkTo: 12 },
  {},
  {},
  { align: 'right' },
  { align: 'right' },
];

/** The default text report of `sessctl clean`: what goes (or went) per prefix and class, then the summary. */
export function renderCleanText(r: CleanReport, options: { color: boolean; width?: number }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? DEFAULT_WIDTH;
  const prose = (text: string, first = '  ') => wrap(text, width, { first, indent: ' '.repeat(first.length + 2) });
  const out: string[] = [];
  const mode = r.applied ? c.red('APPLIED') : c.green('DRY RUN (nothing changed)');
  out.push(
    `${c.bold('sessctl clean')} ${r.store.url} · ${r.store.version} · ${mode}${r.complete ? '' : ` · ${c.red('INCOMPLETE')}`}`,
  );
  const p = r.policy;
  out.push(
    prose(
      `selection: ${p.classes.join(', ')} sessions older than ${fmtSeconds(p.minAgeS)}` +
        (p.match ? ` matching ${p.match}` : '') +
        (p.layouts.length ? ` · custom layers ${p.layouts.join(', ')}` : '') +
        (p.fixTtlS !== null ? ` · no-TTL sessions get a ${fmtSeconds(p.fixTtlS)} expiry instead` : '') +
        (p.maxDelete !== null ? ` · at most ${fmtInt(p.maxDelete)} deletes` : '') +
        (p.rate === 'max' ? ' · flat out' : p.rate !== null ? ` · ${fmtInt(p.rate)}/s` : ''),
    ),
  );
  if (r.pacing?.deletes) out.push(`  deletes ${pacingText(r.pacing.deletes)}`);
  out.push(
    prose(
      r.planFrom
        ? `planned from ${r.planFrom.url} (taken ${r.planFrom.ctime ?? 'at an unknown time'}): ${fmtInt(r.scanned.keys)} keys (${fmtBytes(r.scanned.bytes)}) read in ${(r.durationMs / 1000).toFixed(1)}s; the server was not walked, keys changed since the dump are kept`
        : `scanned ${fmtInt(r.scanned.keys)} keys (${fmtBytes(r.scanned.bytes)}) in ${(r.durationMs / 1000).toFixed(1)}s`,
    ),
  );
  for (const w of r.warnings) out.push(c.yellow(prose(`warning: ${w}`)));
  for (const pr of r.problems) out.push(c.red(prose(pr, '  ! ')));
  out.push('');
  if (!r.selected.count) out.push('  nothing selected');
  else {
    const rows = [['prefix', 'class', 'action', 'keys', 'bytes']];
    for (const g of r.selected.groups)
      rows.push([
        g.prefix || '(no prefix)',
        g.class,
        g.action === 'delete' ? 'delete' : 'expire',
        fmtInt(g.count),
        fmtBytes(g.bytes),
      ]);
    rows.push(['total', '', '', fmtInt(r.selected.count), fmtBytes(r.selected.bytes)]);
    out.push(...tableLines(rows, { width, columns: SELECTION_COLUMNS, gap: 2 }));
  }
  out.push('');
  if (!r.result) {
    if (r.selected.count && !r.applied)
      out.push(prose(`run again with --apply to ${applyVerb(r)} (each batch is backed up first)`));
  } else {
    const s = r.result.skipped;
    out.push(
      `  ${c.bold(`deleted ${fmtInt(r.result.deleted)}`)} · freed ${fmtBytes(r.result.bytesFreed)}` +
        (r.result.fixed ? ` · expiry given to ${fmtInt(r.result.fixed)}` : '') +
        ` · skipped: ${fmtInt(s.changed)} changed since the scan, ${fmtInt(s.gone)} gone` +
        (s.error ? `, ${c.red(`${fmtInt(s.error)} errors`)}` : '') +
        (s.limit ? `, ${fmtInt(s.limit)} over --max-delete` : ''),
    );
    if (r.result.resumedDeleted)
      out.push(`  resumed: ${fmtInt(r.result.resumedDeleted)} deleted by earlier runs on this backup`);
    out.push(prose(`deletes were conditional on: ${r.method.checks.join(', ')} (${r.method.kind})`));
  }
  if (r.backup) {
    // The key beside the backup is found by restore on its own; any other one must be named.
    const key =
      r.backup.key === `${r.backup.path}.key` || r.backup.key === 'SESSCTL_BACKUP_KEY'
        ? ''
        : ` --backup-key ${r.backup.key}`;
    out.push(prose(`backup: ${r.backup.path} (${fmtInt(r.backup.entries)} entries, signed with ${r.backup.key})`));
    // The undo command stays on one line, to be copied whole; on a narrow terminal it gets its own.
    const undo = `sessctl restore ${r.backup.path}${key}`;
    out.push(`  undo with: ${undo}`.length <= width ? `  undo with: ${undo}` : `  undo with:\n    ${undo}`);
  }
  return out.join('\n') + '\n';
}

export function renderCleanJson(r: CleanReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/** What --apply would do to the selection: --fix-ttl expires the never-expiring keys it selects. */
function applyVerb(r: CleanReport): string {
  const actions = new Set(r.selected.groups.map((g) => g.action));
  if (!actions.has('fix-ttl')) return 'delete them';
  return actions.has('delete')
    ? 'delete them or, where they never expire, give them the expiry'
    : 'give them the expiry';
}
