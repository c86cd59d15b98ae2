import { describe, expect, it } from 'vitest';
import type { FrameworkDef } from './define-framework.js';
import def from './rack.js';

const rack: FrameworkDef = def;

const key = 'rack:session:2::b0385fe264e058e4c086be641590a173d32bb3db068eeb6be1ecaa10dad5d593';
const ctx = { format: 'marshal' as const, key, prefix: 'rack:session:' };

describe('rack semantics', () => {
  it('{} (a loaded session Rack commits) and a CSRF-only session are empty', () => {
    expect(rack.meaning({}, ctx)).toEqual({ empty: true, anonymous: false, userKeys: [] });
    expect(
      rack.meaning({ _csrf_token: 'YK4M', session_id: 'ab', flash: { discard: [], flashes: { notice: 'hi' } } }, ctx),
    ).toMatchObject({ empty: true });
    expect(rack.match({ _csrf_token: 'YK4M' }, ctx)).toBeGreaterThanOrEqual(0.9);
  });

  it('a cart is anonymous; Warden/Devise warden.user.<scope>.key is identity, its .session is not', () => {
    expect(rack.meaning({ cart: [{ sku: 'A-1' }] }, ctx)).toMatchObject({ anonymous: true, userKeys: [] });
    const devise = {
      'warden.user.user.key': [[42], '$2a$12$KfO4'],
      'warden.user.user.session': { last_request_at: 1763780000 },
    };
    expect(rack.meaning(devise, ctx)).toEqual({ empty: false, anonymous: false, userKeys: ['warden.user.user.key'] });
    expect(rack.meaning({ 'warden.user.user.session': { last_request_at: 1 } }, ctx)).toMatchObject({ empty: true });
  });

  it('key patterns: private ids under any prefix and Dalli public ids', () => {
    const [privateId, dalli] = rack.keyPatterns ?? [];
    expect(privateId?.test('myapp:session:2::' + 'f'.repeat(64))).toBe(true);
    expect(dalli?.test('rack:session:' + 'a'.repeat(64))).toBe(true);
    expect(privateId?.test('sess:abc')).toBe(false);
  });

  it('claims JSON only with Rack keys or a Rack key layout', () => {
    expect(rack.match({ cart: [] }, { format: 'json', key: 'sess:x' })).toBe(0);
    expect(rack.match({ cart: [] }, { format: 'json', key })).toBeGreaterThan(0);
  });
});
