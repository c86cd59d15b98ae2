import { describe, expect, it } from 'vitest';
import { readCookie } from '../http-cookie.js';
import { resolveCookie, serializeCookie } from './cookie.js';
import { Signer, sign, unsign } from './signing.js';
import { generateSessionId, isSessionId } from './session-id.js';

describe('session cookie', () => {
  it('defaults to HttpOnly, SameSite=Lax, Path=/, Secure only on https, browser-session lifetime', () => {
    const c = resolveCookie();
    expect(serializeCookie(c, 'v', false)).toBe('sid=v; Path=/; HttpOnly; SameSite=Lax');
    expect(serializeCookie(c, 'v', true)).toBe('sid=v; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(serializeCookie(c, '', false, 0)).toMatch(
      /^sid=; Path=\/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly/,
    );
  });

  it('enforces the __Host- prefix rules and makes such cookies always Secure', () => {
    const c = resolveCookie({ name: '__Host-sid' });
    expect(serializeCookie(c, 'v', false)).toBe('__Host-sid=v; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(() => resolveCookie({ name: '__Host-sid', secure: false })).toThrow(/requires secure/);
    expect(() => resolveCookie({ name: '__Host-sid', path: '/app' })).toThrow(/requires path "\/"/);
    expect(() => resolveCookie({ name: '__Host-sid', domain: 'example.com' })).toThrow(/must not have a domain/);
    expect(() => resolveCookie({ sameSite: 'none', secure: false })).toThrow(/requires secure/);
    expect(() => resolveCookie({ name: 'bad name' })).toThrow(/RFC 6265 token/);
  });

  it('refuses a path or domain that would smuggle attributes, and applies the prefixes whatever their case (issue 21)', () => {
    for (const path of ['/; Domain=evil.example', '/a\nSet-Cookie: x=1', 'app', '/\u0000'])
      expect(() => resolveCookie({ path }), path).toThrow(
        /cookie\.path must start with "\/" and hold no ";" or control characters/,
      );
    for (const domain of ['example.com; SameSite=None', 'exa mple.com', 'example.com\r\n', '', '-x.example'])
      expect(() => resolveCookie({ domain }), domain).toThrow(/cookie\.domain must be a host name/);
    expect(resolveCookie({ path: '/app/v1', domain: '.example.com' })).toMatchObject({
      path: '/app/v1',
      domain: '.example.com',
    });
    expect(() => resolveCookie({ name: '__HOST-sid', path: '/app' })).toThrow(/requires path "\/"/);
    expect(() => resolveCookie({ name: '__host-sid', domain: 'example.com' })).toThrow(/must not have a domain/);
    expect(() => resolveCookie({ name: '__SECURE-sid', secure: false })).toThrow(/requires secure/);
    expect(resolveCookie({ name: '__secure-sid' }).secure).toBe(true);
  });

  it('reads the first cookie of that name and tolerates quotes and junk', () => {
    expect(readCookie('a=1; sid=abc; sid=def', 'sid')).toBe('abc');
    expect(readCookie('sid="abc"', 'sid')).toBe('abc');
    expect(readCookie('sid=%E0%A4%A', 'sid')).toBeUndefined();
    expect(readCookie(undefined, 'sid')).toBeUndefined();
  });
});

describe('ids and signing', () => {
  it('mints 256-bit base64url ids, never the same twice', () => {
    const ids = new Set(Array.from({ length: 1000 }, generateSessionId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isSessionId(id) && Buffer.from(id, 'base64url').length === 32).toBe(true);
    expect(isSessionId('short')).toBe(false);
  });

  it('signs with one secret and verifies with any of the rotation list', () => {
    const id = generateSessionId();
    const oldSig = sign(id, 'old'.repeat(11));
    expect(unsign(oldSig, ['new'.repeat(11), 'old'.repeat(11)])).toBe(id);
    expect(unsign(oldSig, ['new'.repeat(11)])).toBeUndefined();
    expect(unsign(`${id}.tampered`, ['old'.repeat(11)])).toBeUndefined();
    expect(unsign(id, ['old'.repeat(11)])).toBeUndefined();
  });

  it('a Signer remembers only verified values, and flags ones only an older secret signed', () => {
    const id = generateSessionId();
    const signer = new Signer(['new'.repeat(11), 'old'.repeat(11)], 2);
    const current = signer.sign(id);
    expect(current).toBe(sign(id, 'new'.repeat(11)));
    expect(signer.verify(current)).toEqual({ id, resign: false });
    expect(signer.verify(current)).toEqual({ id, resign: false });
    expect(signer.verify(sign(id, 'old'.repeat(11)))).toEqual({ id, resign: true });
    // A forged value fails every time, also after a valid value with the same id was remembered.
    const forged = `${current.slice(0, -1)}${current.endsWith('A') ? 'B' : 'A'}`;
    expect(signer.verify(forged)).toBeUndefined();
    expect(signer.verify(forged)).toBeUndefined();
    // Bounded: a third value evicts the oldest, which still verifies (by HMAC again).
    expect(signer.verify(sign(generateSessionId(), 'new'.repeat(11)))?.resign).toBe(false);
    expect(signer.verify(current)).toEqual({ id, resign: false });
    expect(new Signer(['new'.repeat(11)]).verify(sign(id, 'old'.repeat(11)))).toBeUndefined();
  });
});
