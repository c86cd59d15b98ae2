import type { CleanSelection } from '../clean/clean.js';
import { fmtBytes, fmtInt, fmtSeconds } from './format-number.js';

/**
 * The question `clean --apply` asks once the selection is known, e.g.
 * `Delete 240,000 empty sessions (23 MiB) from redis://cache:6379? [y/N] `; with --yes the same
 * line is printed, answered.
 */
export function cleanQuestion(s: CleanSelection, options: { fixTtlMs?: number; planFrom?: string } = {}): string {
  const sum = (action: 'delete' | 'fix-ttl') => {
    const groups = s.groups.filter((g) => g.action === action);
    const byClass = new Map<string, number>();
    for (const g of groups) byClass.set(g.class, (byClass.get(g.class) ?? 0) + g.count);
    const count = groups.reduce((a, g) => a + g.count, 0);
    const bytes = groups.reduce((a, g) => a + g.bytes, 0);
    const classes = [...byClass.keys()];
    const noun = `session${count === 1 ? '' : 's'}`;
    const what =
      classes.length === 1
        ? `${fmtInt(count)} ${classes[0]} ${noun}`
        : `${fmtInt(count)} ${noun} (${[...byClass].map(([c, n]) => `${fmtInt(n)} ${c}`).join(', ')})`;
    return { count, text: `${what}${action === 'delete' ? ` (${fmtBytes(bytes)})` : ''}` };
  };
  const del = sum('delete');
  const fix = sum('fix-ttl');
  const parts = [
    del.count ? `Delete ${del.text}` : '',
    fix.count
      ? `${del.count ? 'and give' : 'Give'} ${fix.text} a ${fmtSeconds((options.fixTtlMs ?? 0) / 1000)} expiry`
      : '',
  ].filter(Boolean);
  const from = options.planFrom ? ` as selected in ${options.planFrom}` : '';
  const more = s.partial ? ' found so far, and the rest the walk selects,' : '';
  const backup = s.backup ? `; backup: ${s.backup}` : '; NO backup';
  return `${parts.join(' ')}${more}${from} ${del.count ? 'from' : 'on'} ${s.store}${backup}? [y/N] `;
}
