import { describe, expect, it } from 'vitest';
import { FRAMEWORK_ORDER } from './index.js';
import { keyMatches } from './key-match.js';
import { requiredLiteral } from './required-literal.js';

describe('requiredLiteral', () => {
  it('reads only unquantified top-level text', () => {
    expect(requiredLiteral(/^.*:\d+:django\.contrib\.sessions\.(?:cache|cached_db)[a-z0-9]{32}$/)).toBe(
      ':django.contrib.sessions.',
    );
    expect(requiredLiteral(/ab*c/)).toBe('a');
    expect(requiredLiteral(/(?:x)abc{2}d/)).toBe('ab');
    expect(requiredLiteral(/x[ab\]c]yz/)).toBe('yz');
    expect(requiredLiteral(/[0-9a-f]{8}-[0-9a-f]{12}$/)).toBe('-');
  });

  it('gives up on a top-level alternative or a case-folding flag', () => {
    expect(requiredLiteral(/abc|def/)).toBe('');
    expect(requiredLiteral(/abcdef/i)).toBe('');
  });

  it('is contained in every key that a framework key pattern matches', () => {
    const samples = [
      'x:1:django.contrib.sessions.cache' + 'a'.repeat(32),
      'p:session:' + 'A'.repeat(43),
      'laravel_cache:' + 'a'.repeat(40),
      'PHPREDIS_SESSION:' + 'a'.repeat(26),
      '2::' + 'f'.repeat(64),
      'rack:session:' + 'f'.repeat(32),
      'app:sessions:01234567-89ab-cdef-0123-456789abcdef',
      '01234567-89ab-cdef-0123-456789abcdef',
    ];
    for (const fw of FRAMEWORK_ORDER) {
      for (const pattern of fw.keyPatterns ?? []) {
        for (const key of samples) if (pattern.test(key)) expect(key).toContain(requiredLiteral(pattern));
      }
    }
  });
});

describe('keyMatches', () => {
  /** The unguarded rule: longest matching prefix, else every matching pattern in FRAMEWORK_ORDER. */
  function naive(key: string): string[] {
    const prefixes = FRAMEWORK_ORDER.flatMap((fw) =>
      fw.prefixes.filter((p) => p !== '' && key.startsWith(p)).map((p) => ({ fw, p })),
    );
    const longest = Math.max(-1, ...prefixes.map((m) => m.p.length));
    if (prefixes.length > 0) return prefixes.filter((m) => m.p.length === longest).map((m) => `${m.fw.id}@${m.p}`);
    return FRAMEWORK_ORDER.flatMap((fw) => (fw.keyPatterns ?? []).filter((re) => re.test(key)).map(() => `${fw.id}@`));
  }

  it('answers as trying every prefix and regex would, on random keys built from the layouts', () => {
    const parts = [
      'sess:',
      'koa:sess:',
      'session:',
      ':session:',
      'x:1:django.contrib.sessions.cache',
      'cached_db',
      '_cache:',
      'laravel_database_laravel_cache_:',
      'PHPREDIS_SESSION:',
      'memc.sess.key.',
      '2::',
      'rack:session:',
      '_session_id:',
      'spring:session:sessions:',
      ':sessions:',
      '-',
      ':',
      'a',
      'f0',
      '0123456789abcdef',
      'A'.repeat(20),
    ];
    let seed = 7;
    const rand = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    for (let i = 0; i < 20_000; i++) {
      let key = '';
      for (let j = rand(8); j >= 0; j--) key += parts[rand(parts.length)];
      expect(
        keyMatches(key).map((m) => `${m.framework.id}@${m.prefix}`),
        key,
      ).toEqual(naive(key));
    }
  });
});
