import { describe, expect, it } from 'vitest';
import { knownPrefix } from '../scan/prefix.js';
import { FRAMEWORK_ORDER } from './index.js';
import { frameworksForKey, keyMatches, keyMatchesOfPrefix } from './key-match.js';

const ids = (key: string | undefined) => frameworksForKey(key).map((m) => `${m.framework.id}@${m.prefix}`);

describe('frameworksForKey', () => {
  it('every framework sharing the longest matching prefix, in registry order', () => {
    expect(ids('sess:abc')).toEqual(['express-session@sess:', 'fastify-session@sess:']);
    expect(ids('koa:sess:1f0e')).toEqual(['koa-session@koa:sess:']);
    expect(ids('sessctl:abc')).toEqual(['sessctl@sessctl:']);
  });

  it('falls back to key patterns only when no prefix matches', () => {
    expect(ids('1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed')).toContain('koa-session@');
    expect(ids(':1:django.contrib.sessions.cacheabcdefghijklmnopqrstuvwxyz012345')).toEqual(['django@']);
  });

  it('the bare prefix of connect-memcached is no evidence', () => {
    expect(ids('wOAjx-exyK8GuBx9N3MnWe3abdCOZxaR')).toEqual([]);
    expect(ids(undefined)).toEqual([]);
    expect(ids('')).toEqual([]);
  });
});

describe('keyMatchesOfPrefix', () => {
  it("answers as keyMatches for a key whose longest default prefix the scan's knownPrefix found", () => {
    const keys = [
      ...FRAMEWORK_ORDER.flatMap((f) => f.prefixes.map((p) => `${p}abc`)),
      'sess:abc',
      'koa:sess:1f0e',
      'sessctl:abc',
      'spring:session:sessions:1b9d6bcd',
      'spring:session:sessions:expires:1b9d',
      'laravel_database_laravel_cache:abc',
      'PHPREDIS_SESSION:abc',
      'session:abc',
      'sess:',
      'other:abc',
    ];
    let known = 0;
    for (const key of keys) {
      const prefix = knownPrefix(key);
      if (prefix === undefined) continue;
      known++;
      expect(keyMatchesOfPrefix(prefix), key).toBe(keyMatches(key));
    }
    expect(known).toBeGreaterThan(3);
  });
});
