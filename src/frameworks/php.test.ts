import { describe, expect, it } from 'vitest';
import type { FrameworkDef } from './define-framework.js';
import def from './php.js';

const php: FrameworkDef = def;

const ctx = { format: 'php' as const, key: 'PHPREDIS_SESSION:550fd04a', prefix: 'PHPREDIS_SESSION:' };

describe('php semantics', () => {
  it('a zero-length payload, a:0:{} and an empty map are an empty $_SESSION', () => {
    for (const v of [{}, [], '', null, new Uint8Array(0)])
      expect(php.meaning(v, ctx)).toEqual({ empty: true, anonymous: false, userKeys: [] });
    expect(php.match({}, ctx)).toBeGreaterThanOrEqual(0.9);
  });

  it('app data is anonymous; user_id or a true login flag is identity', () => {
    expect(php.meaning({ cart: [{ sku: 'A-1', qty: 2 }], currency: 'EUR' }, ctx)).toMatchObject({
      anonymous: true,
      userKeys: [],
    });
    expect(php.meaning({ user_id: 42, login_time: 1763780000 }, ctx)).toMatchObject({
      empty: false,
      anonymous: false,
      userKeys: ['user_id'],
    });
    expect(php.meaning({ logged_in: true }, ctx).userKeys).toEqual(['logged_in']);
    expect(php.meaning({ logged_in: false }, ctx)).toMatchObject({ anonymous: true, userKeys: [] });
  });

  it('recognises the default prefixes after a namespace, but not the lock keys', () => {
    const [redis, memcached] = php.keyPatterns ?? [];
    expect(redis?.test('app1:PHPREDIS_SESSION:550fd04ad719077ee6aa70c926c2b79b')).toBe(true);
    expect(redis?.test('app1:PHPREDIS_SESSION:550fd04ad719077ee6aa70c926c2b79b_LOCK')).toBe(false);
    expect(memcached?.test('app1:memc.sess.key.550fd04ad719077ee6aa70c926c2b79b')).toBe(true);
    expect(memcached?.test('memc.sess.key.lock.550fd04ad719077ee6aa70c926c2b79b')).toBe(false);
  });

  it('leaves Laravel attribute arrays to laravel.ts', () => {
    expect(
      php.match({ _token: 'x'.repeat(40), _flash: { old: [], new: [] } }, { format: 'php_serialize' }),
    ).toBeLessThan(0.5);
  });
});
