import { describe, expect, it } from 'vitest';
import {
  cookieLifetimeS,
  cookiePairs,
  parseCookieHeader,
  parseSetCookie,
  readCookie,
  serializeSetCookie,
} from './http-cookie.js';

describe('parseSetCookie (RFC 6265bis)', () => {
  it('reads name, value and attributes case-insensitively', () => {
    const c = parseSetCookie(
      'connect.sid=s%3Aabc.def; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT; HTTPONLY; secure; SameSite=lax; Domain=.Example.com',
    );
    expect(c).toMatchObject({
      name: 'connect.sid',
      value: 's%3Aabc.def',
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      domain: 'example.com',
      deletion: false,
      rejected: false,
    });
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
    expect([...parseCookieHeader('a=1; b=2; a=3')]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('reads Partitioned, and attribute names in any case and spacing', () => {
    const c = parseSetCookie('a=b;secure ; PARTITIONED;  sAmEsItE = None ;PATH=/x; max-AGE= 60 ');
    expect(c).toMatchObject({
      secure: true,
      partitioned: true,
      sameSite: 'None',
      path: '/x',
      maxAge: 60,
      httpOnly: false,
    });
    expect(cookieLifetimeS(c)).toBe(60);
  });

  it('keeps the last Domain, Path and Max-Age, ignores unknown and oversize attributes', () => {
    const c = parseSetCookie(
      `a=b; Domain=one.test; Domain=Two.Test; Path=/a; Path=/b; Max-Age=5; Max-Age=7; Foo=bar; Path=/${'p'.repeat(1030)}`,
    );
    expect(c).toMatchObject({ domain: 'two.test', path: '/b', maxAge: 7 });
    expect(parseSetCookie('a=b; Expires=not a date').expires).toBeUndefined();
    expect(cookieLifetimeS(parseSetCookie('a=b'))).toBeUndefined();
  });

  it('splits the pair on the first "=", so a value may hold "=" and quotes are kept as sent', () => {
    expect(parseSetCookie('tok=a=b==; Path=/')).toMatchObject({ name: 'tok', value: 'a=b==' });
    expect(parseSetCookie('q="quoted value"')).toMatchObject({ name: 'q', value: '"quoted value"' });
    expect(parseSetCookie('e=; Path=/')).toMatchObject({ name: 'e', value: '', deletion: false });
  });

  it('never throws on malformed lines', () => {
    for (const line of [
      '',
      ';',
      '=',
      ';;;',
      '=;=',
      'a',
      ' ; Secure',
      '\x00',
      'a=b; =; ;=x; Max-Age',
      'a=%E0%A4%A; Expires=',
    ]) {
      expect(() => parseSetCookie(line)).not.toThrow();
    }
    expect(parseSetCookie('')).toMatchObject({ name: '', value: '', deletion: false, rejected: false });
    expect(parseSetCookie('a=b; Max-Age').maxAge).toBeUndefined();
  });
});

describe('Cookie header (RFC 6265 §5.4)', () => {
  it('lists every pair in order, duplicates and nameless ones included, values trimmed and not decoded', () => {
    expect(cookiePairs(' a = 1 ;b=%41; a=2;;nameless ; c=')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '%41' },
      { name: 'a', value: '2' },
      { name: '', value: 'nameless' },
      { name: 'c', value: '' },
    ]);
    expect(cookiePairs(undefined)).toEqual([]);
    expect(cookiePairs(' ; ;')).toEqual([]);
  });

  it('maps names to the first value and drops nameless pairs', () => {
    expect([...parseCookieHeader('x; =y; a=1;a=2; e=; t=a=b')]).toEqual([
      ['a', '1'],
      ['e', ''],
      ['t', 'a=b'],
    ]);
    expect(parseCookieHeader(undefined).size).toBe(0);
  });

  it('reads one cookie decoded: first wins, one pair of quotes removed, bad percent-encoding absent', () => {
    expect(readCookie('sid=%73%3A1; sid=2', 'sid')).toBe('s:1');
    expect(readCookie(' other=1 ;  sid = "a b" ', 'sid')).toBe('a b');
    expect(readCookie('sid="', 'sid')).toBe('"');
    expect(readCookie('sid=', 'sid')).toBe('');
    expect(readCookie('sid=%zz', 'sid')).toBeUndefined();
    expect(readCookie('sidx=1; xsid=2; sid', 'sid')).toBeUndefined();
    expect(readCookie('', 'sid')).toBeUndefined();
  });
});

describe('serializeSetCookie', () => {
  it('writes only the attributes given, in a fixed order, and parseSetCookie reads them back', () => {
    expect(serializeSetCookie('a', 'b')).toBe('a=b');
    const line = serializeSetCookie('__Host-sid', 'v%3B', {
      partitioned: true,
      sameSite: 'None',
      secure: true,
      httpOnly: true,
      expires: new Date(Date.UTC(2099, 9, 21)),
      maxAge: 60,
      domain: undefined,
      path: '/',
    });
    expect(line).toBe(
      '__Host-sid=v%3B; Path=/; Max-Age=60; Expires=Wed, 21 Oct 2099 00:00:00 GMT; HttpOnly; Secure; SameSite=None; Partitioned',
    );
    expect(parseSetCookie(line)).toMatchObject({
      name: '__Host-sid',
      value: 'v%3B',
      path: '/',
      maxAge: 60,
      httpOnly: true,
      secure: true,
      sameSite: 'None',
      partitioned: true,
      deletion: false,
    });
    expect(parseSetCookie(serializeSetCookie('a', '', { path: '/', expires: new Date(0) })).deletion).toBe(true);
    expect(serializeSetCookie('a', 'b', { httpOnly: false, secure: false, partitioned: false, domain: 'x.test' })).toBe(
      'a=b; Domain=x.test',
    );
  });
});
