import { describe, expect, it } from 'vitest';
import { isIdShaped, namesSession } from './id-shape.js';

describe('isIdShaped', () => {
  it('takes uuids, hex digests and random base64url of 16+ characters', () => {
    expect(isIdShaped('e53941b4-dc32-4e30-902a-a197cd1140b5')).toBe(true);
    expect(isIdShaped('5f4dcc3b5aa765d61d8327deb882cf99')).toBe(true);
    expect(isIdShaped('vHOoFdQ1xY2kP9zT3mN8bW')).toBe(true);
    expect(isIdShaped('Xq3v_T9bLm-P0sKd')).toBe(true);
    expect(isIdShaped('1234567890123456')).toBe(true);
  });

  it('refuses names, slugs, short ids and other alphabets', () => {
    expect(isIdShaped('monthly-report-summary')).toBe(false);
    expect(isIdShaped('facade-decade-accede')).toBe(false);
    expect(isIdShaped('ALLUPPERCASEWORDS')).toBe(false);
    expect(isIdShaped('abc123')).toBe(false);
    expect(isIdShaped('dGhpcyBpcyBiYXNlNjQ+/w==')).toBe(false);
    expect(isIdShaped('has space in it 1234')).toBe(false);
  });

  it('reads from an offset, so the caller need not slice the key', () => {
    expect(isIdShaped('session_e53941b4-dc32-4e30-902a-a197cd1140b5', 'session_'.length)).toBe(true);
    expect(isIdShaped('session_count', 'session_'.length)).toBe(false);
  });
});

describe('namesSession', () => {
  it('is any prefix that says sess', () => {
    expect(namesSession('session_')).toBe(true);
    expect(namesSession('app:Sessions:')).toBe(true);
    expect(namesSession('user:')).toBe(false);
  });
});
