import { describe, expect, it } from 'vitest';
import { redactCookiePairs, redactSetCookie } from './redact-evidence.js';

describe('redactCookiePairs', () => {
  it('keeps every name, hides every value, nameless ones included', () => {
    const out = redactCookiePairs('sid=abcdef123456; theme=dark;  nameless-secret-value ;sid=other');
    expect(out).toMatch(
      /^sid=<redacted 12 chars #\w+>; theme=<redacted 4 chars #\w+>; <redacted 21 chars #\w+>; sid=<redacted 5 chars #\w+>$/,
    );
    expect(out).not.toMatch(/abcdef|dark|nameless-secret|other/);
  });
});

describe('redactSetCookie', () => {
  it('hides the value, keeps the attributes as sent, leaves a deletion readable', () => {
    expect(redactSetCookie('sid=abcdef123456; Path=/; HttpOnly')).toMatch(
      /^sid=<redacted 12 chars #\w+>; Path=\/; HttpOnly$/,
    );
    expect(redactSetCookie('sid=; Max-Age=0')).toBe('sid=; Max-Age=0');
    expect(redactSetCookie('justavalue; Path=/')).toMatch(/^<redacted 10 chars #\w+>; Path=\/$/);
  });
});
