import { describe, expect, it } from 'vitest';
import { lineOfPath } from './json-locate.js';

describe('lineOfPath', () => {
  const text = [
    '{',
    '  "a": { "x": "same", "y": [1, {"z": "same"}] },',
    '  "list": [',
    '    { "k": "same" },',
    '    "str\\"ing",',
    '    { "k": "same" }',
    '  ],',
    '  "n": -1.5e3, "t": true, "nil": null',
    '}',
  ].join('\n');

  it('finds the line of the value at a path, not the first equal literal', () => {
    expect(lineOfPath(text, ['a', 'x'])).toBe(2);
    expect(lineOfPath(text, ['a', 'y', 1, 'z'])).toBe(2);
    expect(lineOfPath(text, ['list', 0, 'k'])).toBe(4);
    expect(lineOfPath(text, ['list', 2, 'k'])).toBe(6);
    expect(lineOfPath(text, ['list', 1])).toBe(5);
    expect(lineOfPath(text, ['nil'])).toBe(8);
    expect(lineOfPath(text, [])).toBe(1);
  });

  it('is undefined for a path the document does not have', () => {
    expect(lineOfPath(text, ['list', 3, 'k'])).toBeUndefined();
    expect(lineOfPath(text, ['a', 'missing'])).toBeUndefined();
    expect(lineOfPath(text, ['n', 'deeper'])).toBeUndefined();
  });

  it('reads escaped keys', () => {
    expect(lineOfPath('{\n"a\\u0062": \n 1}', ['ab'])).toBe(3);
  });
});
