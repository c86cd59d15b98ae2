import { describe, expect, it } from 'vitest';
import type { FrameworkDef } from './define-framework.js';
import def from './flask-session.js';

const flask: FrameworkDef = def;

const ctx = { format: 'pickle' as const, key: 'session:1f0c', prefix: 'session:' };

describe('flask-session semantics', () => {
  it('a preflight stored by 0.3.2 ({_permanent: True}) is empty and rewritten on every request', () => {
    expect(flask.match({ _permanent: true }, ctx)).toBeGreaterThanOrEqual(0.9);
    expect(flask.meaning({ _permanent: true }, ctx)).toEqual({
      empty: true,
      anonymous: false,
      userKeys: [],
      rewritesOnRequest: true,
    });
  });

  it('Flask-Login and flash plumbing without _user_id is still empty', () => {
    expect(
      flask.meaning(
        {
          _permanent: true,
          _fresh: false,
          _id: 'ab12',
          _flashes: [['message', 'Please log in']],
          next: '/account',
          csrf_token: 't',
        },
        ctx,
      ),
    ).toMatchObject({ empty: true, userKeys: [] });
  });

  it('a cart is anonymous; Flask-Login _user_id is the identity', () => {
    expect(flask.meaning({ _permanent: true, cart: [{ sku: 'A-1', qty: 2 }] }, ctx)).toMatchObject({
      empty: false,
      anonymous: true,
      userKeys: [],
    });
    expect(flask.meaning({ _permanent: true, _user_id: '42', _fresh: true, _id: 'cf4f' }, ctx)).toMatchObject({
      empty: false,
      anonymous: false,
      userKeys: ['_user_id'],
    });
  });

  it('recognises session:<uuid4> and session:<token_urlsafe(32)> after an app namespace', () => {
    const [pattern] = flask.keyPatterns ?? [];
    expect(pattern?.test('myapp:session:47f37206-04cc-41ba-9e97-7fa37af9322a')).toBe(true);
    expect(pattern?.test('myapp:session:EAxFNfmgXqYiuWMFInpS9qkSpL4Q7RgNmvHg0co3hRw')).toBe(true);
    expect(pattern?.test('myapp:session:short')).toBe(false);
  });

  it('does not claim express-style JSON or plain dicts outside session:', () => {
    expect(flask.match({ cookie: { path: '/' }, _permanent: true }, { format: 'json' })).toBe(0);
    expect(flask.match({ cart: [] }, { format: 'json', key: 'x' })).toBeLessThan(0.5);
    expect(flask.match({ cart: [] }, ctx)).toBeGreaterThanOrEqual(0.5);
  });
});
