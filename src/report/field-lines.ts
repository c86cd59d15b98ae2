import type { Chalk } from 'chalk';
import { tableLines } from './table.js';
import { wrap } from './wrap.js';

/** One `label  value` line of decode and inspect; `color` paints the value once it is wrapped. */
export interface Field {
  label: string;
  value: string;
  color?: (text: string) => string;
}

/** Labels are at least this wide, so inspect's fields and the decoded payload's line up. */
const LABEL = 11;

/**
 * Dim labels, values wrapping under their own column. Values are wrapped by `wrap` before the
 * table lays them out: a word too long for the column (a key shown whole) stays whole on its line,
 * as it must to be copied, and an option stays with its quoted value.
 */
export function fieldLines(fields: Field[], c: InstanceType<typeof Chalk>, width: number): string[] {
  const label = Math.max(LABEL, ...fields.map((f) => f.label.length));
  const rows = fields.map((f) => {
    const text = wrap(f.value, width - label - 1);
    return [c.dim(f.label), f.color ? f.color(text) : text];
  });
  return tableLines(rows, { width, indent: '', columns: [{ minWidth: label }, {}] });
}
