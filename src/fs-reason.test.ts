import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fsReason } from './fs-reason.js';

const errorOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
};

describe('fsReason', () => {
  it('says what went wrong in words', () => {
    expect(fsReason(errorOf(() => readFileSync('/nonexistent/x')))).toBe('no such file');
    expect(fsReason(errorOf(() => readFileSync('/')))).toBe('is a directory');
    expect(fsReason(errorOf(() => readFileSync('/etc/hostname/x')))).toBe('a parent is not a directory');
  });

  it('falls back to the first line of the message', () => {
    expect(fsReason(new Error('odd\nmore'))).toBe('odd');
    expect(fsReason('plain')).toBe('plain');
  });
});
