import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import { expectedMeaning, liveStores, loadFixtures } from './non-node.js';

const stores = liveStores();
const IDENTITY = ['user_id'];
/** No igbinary decoder: such sessions are named PHP by their key and reported undecodable, never guessed at. */
const IGBINARY = { framework: 'php', decoded: false, empty: false, anonymous: false, userKeys: [] };
const expected = (variant: string, kase: string) =>
  variant === 'redis-igbinary' ? IGBINARY : { ...expectedMeaning('php', kase, IDENTITY), confidence: 'high' };

describe('PHP 8.2 sessions (Debian php-redis, php-memcached)', () => {
  it('session_start() with phpredis (php, php_serialize, php_binary) and php-memcached reads back as empty / anonymous / authenticated', async () => {
    const prefix = `it-php-${randomUUID().slice(0, 8)}:`;
    const entries = await stores.generate('php', 'php_sessions.php', prefix, ['--igbinary']);
    expect(entries.map((e) => `${e.variant}/${e.case}`)).toEqual(
      ['redis-php', 'redis-php_serialize', 'redis-php_binary', 'redis-igbinary', 'memcached-php'].flatMap((v) => [
        `${v}/empty`,
        `${v}/anonymous`,
        `${v}/authenticated`,
      ]),
    );
    for (const entry of entries) {
      const stored = await stores.read(entry);
      // an empty $_SESSION is a zero-length value, except under php_serialize and igbinary
      const emptyBytes: Record<string, string> = {
        'redis-php_serialize': Buffer.from('a:0:{}').toString('hex'),
        'redis-igbinary': '000000021400',
      };
      if (entry.case === 'empty')
        expect(Buffer.from(stored.bytes ?? []).toString('hex')).toBe(emptyBytes[entry.variant] ?? '');
      expect({ at: `${entry.variant}/${entry.case}`, ...interpret(stored) }).toMatchObject({
        at: `${entry.variant}/${entry.case}`,
        ...expected(entry.variant, entry.case),
      });
    }
  });

  for (const f of loadFixtures('php')) {
    it(`fixture ${f.variant}/${f.case} (${f.meta.store}, ttl ${f.meta.ttlS}s)`, () => {
      expect(interpret(f.stored)).toMatchObject(expected(f.variant, f.case));
    });
  }
});

describe('Laravel redis session driver (built with PHP serialize(), not by Laravel)', () => {
  const login = 'login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d';

  it('serialize(serialize($attributes)) written with phpredis reads back as empty / anonymous / authenticated', async () => {
    const prefix = `it-laravel-${randomUUID().slice(0, 8)}:`;
    const entries = await stores.generate('php', 'laravel_sessions.php', prefix);
    expect(entries.map((e) => e.case)).toEqual(['empty', 'anonymous', 'authenticated']);
    for (const entry of entries) {
      const meaning = interpret(await stores.read(entry));
      expect({ at: entry.case, ...meaning }).toMatchObject({
        at: entry.case,
        ...expectedMeaning('laravel', entry.case, [login]),
        confidence: 'high',
        rewritesOnRequest: true,
      });
    }
  });

  for (const f of loadFixtures('laravel')) {
    it(`fixture ${f.variant}/${f.case} (ttl ${f.meta.ttlS}s)`, () => {
      expect(interpret(f.stored)).toMatchObject({ ...expectedMeaning('laravel', f.case, [login]), confidence: 'high' });
    });
  }
});
