import { describe, expect, it } from 'vitest';
import type { DecodedValue } from '../formats/types.js';
import { interpretDecoded } from './interpret-decoded.js';
import { encodeEnvelope } from './sessctl.js';

const ok = (value: unknown) => ({ ok: true as const, format: 'json' as const, value: value as DecodedValue });
const expressCookie = { originalMaxAge: 86_400_000, expires: '2026-11-23T04:49:17.049Z', httpOnly: true, path: '/' };
const fastifyCookie = {
  expires: null,
  originalMaxAge: null,
  sameSite: null,
  secure: true,
  path: '/',
  httpOnly: true,
  domain: null,
};

describe('interpretDecoded', () => {
  it('prefix and shape agree → high confidence', () => {
    const m = interpretDecoded(ok({ cookie: expressCookie }), { key: 'sess:abc' });
    expect(m).toMatchObject({
      framework: 'express-session',
      confidence: 'high',
      decoded: true,
      empty: true,
      anonymous: false,
      userKeys: [],
    });
    expect(m.createdAt).toBe(Date.parse('2026-11-22T04:49:17.049Z'));
    expect(m.createdAtKind).toBe('last-write');
  });

  it('tells fastify from express by the cookie shape under the same prefix', () => {
    expect(interpretDecoded(ok({ cookie: fastifyCookie, userId: 42 }), { key: 'sess:abc' })).toMatchObject({
      framework: 'fastify-session',
      confidence: 'high',
      userKeys: ['userId'],
      rewritesOnRequest: true,
    });
  });

  it('passport identity: passport.user, or the user directly (@fastify/passport); {} is metadata', () => {
    expect(interpretDecoded(ok({ cookie: fastifyCookie, passport: { id: 7 } }), { key: 'sess:a' })).toMatchObject({
      userKeys: ['passport'],
      anonymous: false,
    });
    expect(interpretDecoded(ok({ cookie: fastifyCookie, passport: 'u-7' }), { key: 'sess:a' })).toMatchObject({
      userKeys: ['passport'],
    });
    expect(interpretDecoded(ok({ cookie: expressCookie, passport: {} }), { key: 'sess:a' })).toMatchObject({
      empty: true,
      userKeys: [],
    });
    expect(
      interpretDecoded(ok({ cookie: expressCookie, passport: { user: null }, cart: [] }), { key: 'sess:a' }),
    ).toMatchObject({ anonymous: true, userKeys: [] });
  });

  it('shape without the prefix → medium; the store hint picks connect-memcached', () => {
    expect(interpretDecoded(ok({ cookie: expressCookie }), { key: 'app:x' })).toMatchObject({
      framework: 'express-session',
      confidence: 'medium',
    });
    expect(interpretDecoded(ok({ cookie: expressCookie }), { key: 'abc', store: 'memcached', flags: 2 })).toMatchObject(
      { framework: 'connect-memcached', confidence: 'medium' },
    );
  });

  it('prefix without the shape → medium, with that framework semantics', () => {
    expect(interpretDecoded(ok({ cart: [1] }), { key: 'sess:abc' })).toMatchObject({
      framework: 'express-session',
      confidence: 'medium',
      anonymous: true,
    });
  });

  it('neither → unknown, low, generic rule', () => {
    expect(interpretDecoded(ok({ user: 'x' }), { key: 'x' })).toMatchObject({
      framework: 'unknown',
      confidence: 'low',
      empty: false,
      anonymous: false,
      userKeys: ['user'],
    });
    expect(interpretDecoded(ok({}), {})).toMatchObject({ framework: 'unknown', empty: true });
  });

  it('koa metadata and the sessctl envelope', () => {
    expect(interpretDecoded(ok({ _expire: 2000, _maxAge: 500 }), { key: 'koa:sess:1' })).toMatchObject({
      framework: 'koa-session',
      confidence: 'high',
      empty: true,
      createdAt: 1500,
    });
    const env = JSON.parse(encodeEnvelope({ userId: 'u' }, 1234)) as DecodedValue;
    expect(interpretDecoded(ok(env), { key: 'sessctl:abc' })).toMatchObject({
      framework: 'sessctl',
      confidence: 'high',
      userKeys: ['userId'],
      createdAt: 1234,
      createdAtKind: 'exact',
    });
  });

  it('undecodable keeps the reason and the prefix framework', () => {
    expect(interpretDecoded({ ok: false, format: 'unknown', reason: 'truncated' }, { key: 'sess:1' })).toMatchObject({
      framework: 'express-session',
      decoded: false,
      reason: 'truncated',
      confidence: 'medium',
    });
  });
});
