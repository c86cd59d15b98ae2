import { describe, expect, it } from 'vitest';
import { parseCookieHeader, parseSetCookie } from './set-cookie.js';

describe('parseSetCookie (RFC 6265bis)', () => {
  it('reads name, value and attributes case-insensitively', () => {
    const c = parseSetCookie('connect.sid=s%3Aabc.def; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT; HTTPONLY; secure; SameSite=lax; Domain=.Example.com');
    expect(c).toMatchObject({ name: 'connect.sid', value: 's%3Aabc.def', path: '/', httpOnly: true, secure: true, sameSite: 'lax', domain: 'example.com', deletion: false, rejected: false });
  });

  it('lets Max-Age win over Expires and treats Max-Age <= 0 as a deletion', () => {
    expect(parseSetCookie('a=b; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Max-Age=0').deletion).toBe(true);
    expect(parseSetCookie('a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60').deletion).toBe(false);
    expect(parseSetCookie('a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT').deletion).toBe(true);
    expect(parseSetCookie('a=b; Max-Age=1e3').maxAge).toBeUndefined();
  });

  it('gives a pair without "=" an empty name, and rejects CTLs and oversize pairs', () => {
    expect(parseSetCookie('justavalue; Path=/')).toMatchObject({ name: '', value: 'justavalue' });
    expect(parseSetCookie('a=b\x01c').rejected).toBe(true);
    expect(parseSetCookie(`a=${'x'.repeat(4100)}`).rejected).toBe(true);
    expect(parseSetCookie('a=b; SameSite').sameSite).toBe('');
  });

  it('parses a Cookie header, first value wins', () => {
    expect([...parseCookieHeader('a=1; b=2; a=3')]).toEqual([['a', '1'], ['b', '2']]);
  });
});
