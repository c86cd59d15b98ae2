import { describe, expect, it } from 'vitest';
import type { FrameworkDef } from './define-framework.js';
import def from './django.js';

const django: FrameworkDef = def;

const key = ':1:django.contrib.sessions.cacheuvq5hbwacvy71csyhtrgklt7pds18f69';
const ctx = { format: 'pickle' as const, key, prefix: '' };

describe('django semantics', () => {
  it('recognises cache and cached_db keys under any KEY_PREFIX', () => {
    const [pattern] = django.keyPatterns ?? [];
    expect(pattern?.test(key)).toBe(true);
    expect(pattern?.test('myapp:3:django.contrib.sessions.cached_dbuvq5hbwacvy71csyhtrgklt7pds18f69')).toBe(true);
    expect(pattern?.test(':1:django.contrib.sessions.cacheSHORT')).toBe(false);
  });

  it('a CSRF_USE_SESSIONS token, messages and expiry alone are empty', () => {
    expect(django.meaning({ _csrftoken: 'q31G' }, ctx)).toEqual({ empty: true, anonymous: false, userKeys: [] });
    expect(django.meaning({ _messages: '[]', _session_expiry: 3600 }, ctx)).toMatchObject({ empty: true });
  });

  it('a cart is anonymous; django.contrib.auth.login writes _auth_user_id', () => {
    expect(django.meaning({ cart: [{ sku: 'A-1' }], currency: 'EUR' }, ctx)).toMatchObject({
      anonymous: true,
      userKeys: [],
    });
    const login = {
      _auth_user_id: '1',
      _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
      _auth_user_hash: '7770',
      _csrftoken: 'Z',
    };
    expect(django.match(login, ctx)).toBeGreaterThanOrEqual(0.9);
    expect(django.meaning(login, ctx)).toEqual({ empty: false, anonymous: false, userKeys: ['_auth_user_id'] });
  });

  it('a plain dict is Django only when the key says so', () => {
    expect(django.match({ cart: [] }, ctx)).toBeGreaterThanOrEqual(0.5);
    expect(django.match({ cart: [] }, { format: 'pickle', key: 'session:abc' })).toBeLessThan(0.5);
  });
});
