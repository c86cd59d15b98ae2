import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';

/** How one column lays out, and how it gives way when the table is wider than the terminal. */
export interface ColumnSpec {
  /** `right` for figures, so their digits line up. */
  align?: 'left' | 'right';
  /**
   * When the table is too wide: `wrap` breaks the cells at words, `truncate` cuts them with `…`.
   * Unset, the column keeps its width (ids, figures, bars: what must be read whole).
   */
  shrink?: 'wrap' | 'truncate';
  /** The narrowest a shrinking column gets (default 12). */
  shrinkTo?: number;
  /** The column is at least this wide, whatever its cells (a severity column keeps room for `critical`). */
  minWidth?: number;
}

/** A cell, or one that spans several columns (a note under a row). */
export type TableCell = string | { content: string; colSpan: number };

export interface TableOptions {
  /** The columns lines must fit in (the terminal's, or 80). */
  width: number;
  columns: ColumnSpec[];
  /** Before every line (default two spaces). */
  indent?: string;
  /** Spaces between columns (default 1). */
  gap?: number;
  /** Column widths decided already (by `fitColumns` over more rows), so separate tables line up. */
  widths?: number[];
}

/** Borderless: no rules, no frame, columns apart by spaces only, as the hand-padded text looked. */
const NO_BORDER = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '',
} as const;

/**
 * The width of each column: as wide as its widest cell (measured without colour codes, in terminal
 * cells), then, while the table is wider than `width`, shrinking columns give a cell at a time.
 * A row's last cells may be missing; spanning cells do not widen columns.
 */
export function fitColumns(rows: TableCell[][], options: TableOptions): number[] {
  const { columns, indent = '  ', gap = 1 } = options;
  const natural = measure(rows, columns.length);
  const widths = columns.map((col, i) => Math.max(natural[i] ?? 0, col.minWidth ?? 0));
  let over = indent.length + widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1) - options.width;
  // Wrapping loses nothing, cutting does: wrapping columns give way first (widest first) down to
  // their longest word, then truncating ones, and only then do wrapping ones break words.
  const words = columns.map((col, i) => (col.shrink === 'wrap' ? longestWord(rows, i) : 0));
  const passes = [
    { way: 'wrap', floor: (i: number) => Math.max(columns[i]!.shrinkTo ?? 12, words[i]!) },
    { way: 'truncate', floor: (i: number) => columns[i]!.shrinkTo ?? 12 },
    { way: 'wrap', floor: (i: number) => columns[i]!.shrinkTo ?? 12 },
  ] as const;
  for (const { way, floor } of passes) {
    while (over > 0) {
      let pick = -1;
      columns.forEach((col, i) => {
        if (col.shrink === way && widths[i]! > floor(i) && (pick < 0 || widths[i]! > widths[pick]!)) pick = i;
      });
      if (pick < 0) break;
      widths[pick]!--;
      over--;
    }
  }
  return widths;
}

/**
 * Lays rows out in aligned columns with cli-table3 (which measures ANSI-aware, so coloured cells
 * line up), fitted to `options.width` by `fitColumns`. Lines carry no trailing spaces.
 */
export function tableLines(rows: TableCell[][], options: TableOptions): string[] {
  if (rows.length === 0) return [];
  const { columns, indent = '  ', gap = 1 } = options;
  const widths = options.widths ?? fitColumns(rows, options);
  const table = new Table({
    chars: { ...NO_BORDER, left: indent, middle: ' '.repeat(gap) },
    style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [] },
    colWidths: widths,
    colAligns: columns.map((c) => c.align ?? 'left'),
  });
  for (const row of rows) {
    const cells = row.map((cell, i) => {
      if (typeof cell !== 'string') return { content: cell.content, colSpan: cell.colSpan, wordWrap: true };
      return { content: cell, wordWrap: columns[i]?.shrink === 'wrap' };
    });
    const spanned = row.reduce((n, cell) => n + (typeof cell === 'string' ? 1 : cell.colSpan), 0);
    for (let i = spanned; i < columns.length; i++) cells.push({ content: '', wordWrap: false });
    table.push(cells);
  }
  return table
    .toString()
    .split('\n')
    .map((l) => l.trimEnd());
}

/** The widest cell of each column, by cli-table3's own measure (colour codes and wide characters). */
function measure(rows: TableCell[][], n: number): number[] {
  const probe = new Table({
    chars: NO_BORDER,
    style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [] },
  });
  for (const row of rows) {
    const cells: string[] = [];
    for (const cell of row) {
      if (typeof cell === 'string') cells.push(cell);
      else for (let k = 0; k < cell.colSpan; k++) cells.push('');
    }
    while (cells.length < n) cells.push('');
    probe.push(cells);
  }
  probe.toString();
  return probe.options.colWidths.map((w) => w ?? 0);
}

/** Where column `column` starts on a line laid out with these widths: for text hung under it. */
export function columnStart(widths: number[], column: number, options: { indent?: string; gap?: number } = {}): number {
  const { indent = '  ', gap = 1 } = options;
  return indent.length + widths.slice(0, column).reduce((a, w) => a + w + gap, 0);
}

/** The longest word of a column's cells: a wrapping column narrower than it cuts the word. */
function longestWord(rows: TableCell[][], column: number): number {
  let longest = 0;
  for (const row of rows)
    for (const word of stripVTControlCharacters(cellText(row, column)).split(/\s+/))
      longest = Math.max(longest, [...word].length);
  return longest;
}

function cellText(row: TableCell[], column: number): string {
  let at = 0;
  for (const cell of row) {
    if (at === column) return typeof cell === 'string' ? cell : '';
    at += typeof cell === 'string' ? 1 : cell.colSpan;
    if (at > column) return '';
  }
  return '';
}
