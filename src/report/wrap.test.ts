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
    expect(wrap('undo with: sessctl restore ./sessctl-backup-localhost_6379-20261204T193000Z.ndjson', 40)).toBe(
      'undo with: sessctl restore\n./sessctl-backup-localhost_6379-20261204T193000Z.ndjson',
    );
  });

  it('gives the first line its own prefix and keeps paragraphs', () => {
    expect(wrap('one two three\nsecond', 12, { first: 'fix: ', indent: '     ' }).split('\n')).toEqual([
      'fix: one two',
      '     three',
      '     second',
    ]);
  });

  it('is 80 columns when the stream is not a terminal', () => {
    expect(terminalWidth({ isTTY: false, columns: 200 })).toBe(80);
    expect(terminalWidth({ isTTY: true, columns: 160 })).toBe(160);
    expect(terminalWidth(undefined)).toBe(80);
  });
});

describe('wrap keeps an option with its value', () => {
  it('never breaks between an option and its quoted or URL value, so the command still pastes', () => {
    const text =
      "read it as one with --layout 'session_{id}' or run sessctl probe <app-url> --store memcached://127.0.0.1:38401 now";
    for (let width = 20; width <= 90; width++) {
      const lines = wrap(text, width).split('\n');
      expect(lines.some((l) => l.includes("--layout 'session_{id}'"))).toBe(true);
      expect(lines.some((l) => l.includes('--store memcached://127.0.0.1:38401'))).toBe(true);
      expect(lines.join(' ')).toBe(text);
    }
  });

  it('takes a quoted value with spaces up to its closing quote, and no further', () => {
    expect(wrap("a --match 'x y z'. then more words here", 12).split('\n')).toEqual([
      'a',
      "--match 'x y z'.",
      'then more',
      'words here',
    ]);
  });
});
