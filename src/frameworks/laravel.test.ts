import { describe, expect, it } from 'vitest';
import type { FrameworkDef } from './define-framework.js';
import def from './laravel.js';

const laravel: FrameworkDef = def;

const key = 'laravel_database_laravel_cache_:rfbdlUcdKd7j3nCHAK8xbqhL1RhWdpgJp2yTyjq5';
const ctx = { format: 'php_serialize' as const, key, prefix: 'laravel_database_laravel_cache_:' };
const web = {
  _token: 'PJaCfwYzGhZxKfuIKOiYbGguIakES781X39Ib9LM',
  _previous: { url: 'http://localhost' },
  _flash: { old: [], new: [] },
};
const login = 'login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d';

describe('laravel semantics', () => {
  it('every web request stores _token, _previous and _flash: empty, rewritten each request', () => {
    expect(laravel.match(web, ctx)).toBeGreaterThanOrEqual(0.9);
    expect(laravel.meaning(web, ctx)).toEqual({ empty: true, anonymous: false, userKeys: [], rewritesOnRequest: true });
  });

  it('flashed keys and url.intended are framework data', () => {
    const v = {
      ...web,
      _flash: { old: [], new: ['status', 'errors'] },
      status: 'Saved',
      errors: { $opaque: 'Illuminate\\Support\\ViewErrorBag' },
      url: { intended: '/admin' },
    };
    expect(laravel.meaning(v, ctx)).toMatchObject({ empty: true });
  });

  it('a cart is anonymous; SessionGuard login_<guard>_<sha1> is identity', () => {
    expect(laravel.meaning({ ...web, cart: [{ sku: 'A-1' }] }, ctx)).toMatchObject({ anonymous: true, userKeys: [] });
    expect(laravel.meaning({ ...web, [login]: 42, password_hash_web: '$2y$12$x' }, ctx)).toMatchObject({
      empty: false,
      anonymous: false,
      userKeys: [login],
    });
  });

  it('key pattern covers other app names and the older cache prefix', () => {
    const [pattern] = laravel.keyPatterns ?? [];
    expect(pattern?.test('shop_database_shop_cache:' + 'a'.repeat(40))).toBe(true);
    expect(pattern?.test('PHPREDIS_SESSION:abc')).toBe(false);
  });
});
