import { describe, expect, it } from 'vitest';
import { terminalWidth, wrap } from './wrap.js';

describe('wrap', () => {
  it('breaks at word boundaries and never exceeds the width', () => {
    const text = 'these keys were written by something else under its prefix: name it with --layout to clean it';
    const lines = wrap(text, 30, { indent: '    ' }).split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines.every((l) => l.startsWith('    '))).toBe(true);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(text);
  });

  it('keeps a word longer than the width whole', () => {
    expect(wrap('undo with: sessctl restore ./sessctl-backup-localhost_6379-20261204T193000Z.ndjson', 40)).toBe('undo with: sessctl restore\n./sessctl-backup-localhost_6379-20261204T193000Z.ndjson');
  });

  it('gives the first line its own prefix and keeps paragraphs', () => {
    expect(wrap('one two three\nsecond', 12, { first: 'fix: ', indent: '     ' }).split('\n')).toEqual(['fix: one two', '     three', '     second']);
  });

  it('is 80 columns when the stream is not a terminal', () => {
    expect(terminalWidth({ isTTY: false, columns: 200 })).toBe(80);
    expect(terminalWidth({ isTTY: true, columns: 160 })).toBe(160);
    expect(terminalWidth(undefined)).toBe(80);
  });
});
