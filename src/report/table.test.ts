import { stripVTControlCharacters as plain } from 'node:util';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { fitColumns, tableLines } from './table.js';

const c = new Chalk({ level: 1 });
const LONG = 'the preflight (OPTIONS without cookies) set connect.sid with SameSite=None but without Secure';

describe('tableLines', () => {
  it('wraps the wrapping column so every line fits 80 columns, continuation lines under their column', () => {
    const lines = tableLines(
      [
        ['✗', 'high', 'COOKIE-SAMESITE-NONE-INSECURE', LONG],
        ['•', 'low', 'SHORT', 'short'],
      ],
      { width: 80, columns: [{}, {}, {}, { shrink: 'wrap' }] },
    );
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    const at = lines[0]!.indexOf('the preflight');
    expect(lines.slice(1, -1).every((l) => l.slice(0, at).trim() === '' && l[at] !== ' ')).toBe(true);
    expect(lines.at(-1)!.indexOf('short')).toBe(at);
    expect(lines.join(' ').replace(/ +/g, ' ')).toContain(LONG);
  });

  it('lines coloured cells up with plain ones (widths measured without escape codes)', () => {
    const lines = tableLines(
      [
        [c.red.bold('critical'), c.dim('12,345'), 'a'],
        ['low', '7', 'b'],
      ],
      { width: 80, columns: [{}, { align: 'right' }, {}] },
    ).map(plain);
    expect(lines).toEqual(['  critical 12,345 a', '  low           7 b']);
  });

  it('shortens a truncating column with an ellipsis rather than spill', () => {
    const [line] = tableLines([['#1', 'GET', `http://127.0.0.1:8080/${'x'.repeat(100)}`, '200']], {
      width: 80,
      columns: [{}, {}, { shrink: 'truncate' }, {}],
    });
    expect(line!.length).toBe(80);
    expect(line).toMatch(/…\s200$/);
  });

  it('keeps separate tables aligned when given the widths fitted over all their rows', () => {
    const a = [['✓', 'SESS-COOKIE-PERSIST', 'x']];
    const b = [['✓', 'COOKIE-SAMESITE-NONE-INSECURE', 'y']];
    const options = { width: 80, columns: [{}, {}, { shrink: 'wrap' as const }] };
    const widths = fitColumns([...a, ...b], options);
    const [la] = tableLines(a, { ...options, widths });
    const [lb] = tableLines(b, { ...options, widths });
    expect(la!.indexOf('x')).toBe(lb!.indexOf('y'));
  });

  it('wraps a spanning cell across the table, and gives no line trailing spaces', () => {
    const lines = tableLines([['a', 'b'], [{ content: `${LONG} ${LONG}`, colSpan: 2 }]], {
      width: 60,
      columns: [{}, {}],
    });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((l) => l.length <= 60 && l === l.trimEnd())).toBe(true);
  });
});
