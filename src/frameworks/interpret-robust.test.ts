import { describe, expect, it } from 'vitest';
import type { DecodedValue, FormatId } from '../formats/types.js';
import { FORMAT_IDS } from '../formats/types.js';
import { interpretDecoded } from './interpret-decoded.js';
import { interpret } from './interpret.js';

/** Deterministic PRNG so a failure reproduces. */
function rng(seed: number) {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const NAMES = [
  'cookie',
  'passport',
  'user',
  'userId',
  '_expire',
  '_maxAge',
  '_session',
  'v',
  'createdAt',
  'data',
  '_permanent',
  '_user_id',
  '_auth_user_id',
  '_token',
  'sessionAttr:SPRING_SECURITY_CONTEXT',
  'creationTime',
  'originalMaxAge',
  'expires',
  'path',
  'sameSite',
  'domain',
  '__proto__',
  'constructor',
  'x',
];

function randomValue(r: () => number, depth = 0): DecodedValue {
  const k = Math.floor(r() * (depth > 4 ? 7 : 10));
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return Math.floor(r() * 1e13) * (r() < 0.1 ? -1 : 1);
    case 3:
      return r() < 0.5 ? '' : new Date(Math.floor(r() * 4e12)).toISOString();
    case 4:
      return BigInt(Math.floor(r() * 1e6));
    case 5:
      return new Uint8Array([1, 2]);
    case 6:
      return { $opaque: 'java.lang.Long', state: { value: Math.floor(r() * 1e12) } };
    case 7:
      return Array.from({ length: Math.floor(r() * 3) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, DecodedValue> = {};
      const n = Math.floor(r() * 5);
      for (let i = 0; i < n; i++)
        Object.defineProperty(o, NAMES[Math.floor(r() * NAMES.length)]!, {
          value: randomValue(r, depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      return o;
    }
  }
}

describe('interpret never throws', () => {
  it('on 5000 random decoded values in every format, with and without known prefixes', () => {
    const r = rng(42);
    const keys = [
      undefined,
      'sess:abc',
      'koa:sess:1',
      'sessctl:x',
      'session:y',
      'PHPREDIS_SESSION:z',
      'spring:session:sessions:1',
      ':1:django.contrib.sessions.cacheabc',
      'other',
    ];
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(r);
      const format = FORMAT_IDS[Math.floor(r() * FORMAT_IDS.length)] as FormatId;
      const m = interpretDecoded({ ok: true, format, value }, { key: keys[i % keys.length] });
      expect(typeof m.decoded).toBe('boolean');
      if (m.decoded) expect(m.empty && m.anonymous).toBe(false);
      if (m.decoded && m.userKeys.length > 0) expect(m.empty || m.anonymous).toBe(false);
    }
  });

  it('on random and truncated bytes', () => {
    const r = rng(7);
    const base = Buffer.from(
      '{"cookie":{"originalMaxAge":86400000,"expires":"2026-11-23T04:49:17.049Z","httpOnly":true,"path":"/"},"passport":{"user":"u-42"}}',
    );
    for (let i = 0; i < 2000; i++) {
      const bytes =
        i % 2
          ? base.subarray(0, Math.floor(r() * base.length))
          : Buffer.from(Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256)));
      const m = interpret({ key: 'sess:abc', bytes });
      expect(m.decoded === false ? typeof m.reason : 'ok').toMatch(/string|ok/);
    }
    expect(interpret({})).toMatchObject({ decoded: false });
  });
});
