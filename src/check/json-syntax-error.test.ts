import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './json-syntax-error.js';

describe('jsonSyntaxError', () => {
  it('names what is wrong and where, for what JSON.parse refuses and jsonc-parser would allow', () => {
    expect(jsonSyntaxError('{\n  // the store\n  "scans": []\n}')).toBe(
      'comments are not allowed in JSON (line 2, column 3)',
    );
    expect(jsonSyntaxError('{ "scans": [1, ] }')).toBe('unexpected "]" (line 1, column 16)');
  });

  it('points at a broken string, a bad literal and a missing colon', () => {
    expect(jsonSyntaxError('{\n  "a": "x\ny"\n}')).toMatch(/^unterminated string .* \(line 2, column 8\)$/);
    expect(jsonSyntaxError('{"a": tru}')).toBe('unexpected "tru" (line 1, column 7)');
    expect(jsonSyntaxError('{"a" 1}')).toBe('expected ":" but found "1" (line 1, column 6)');
    expect(jsonSyntaxError('{"a": "\t"}')).toBe('unescaped control character in a string (line 1, column 7)');
  });
});
