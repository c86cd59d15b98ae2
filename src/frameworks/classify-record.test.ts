import { describe, expect, it } from 'vitest';
import { classifyRecord, isIdentityName, isPresent, lookup } from './classify-record.js';

describe('isIdentityName', () => {
  it.each([
    'user',
    'userId',
    'user_id',
    'uid',
    'currentUser',
    'account_id',
    'AUTH_USER',
    'loggedInUser',
    'principal',
    'memberEmail',
    'customer-id',
    'username',
  ])('%s names the user', (k) => {
    expect(isIdentityName(k)).toBe(true);
  });
  it.each(['users', 'cart', 'returnTo', 'username_hint', 'userAgent', 'views', 'uuid', 'csrf', 'user_prefs', '_fresh'])(
    '%s does not',
    (k) => {
      expect(isIdentityName(k)).toBe(false);
    },
  );
});

describe('classifyRecord', () => {
  const rules = {
    metadata: new Set(['cookie', 'passport']),
    dataWhenPresent: new Set(['passport']),
    identity: ['passport.user'],
  };

  it('metadata only is empty, not anonymous', () => {
    expect(classifyRecord({ cookie: { path: '/' } }, rules)).toEqual({ empty: true, anonymous: false, userKeys: [] });
    expect(classifyRecord({ cookie: {}, passport: {} }, rules)).toEqual({
      empty: true,
      anonymous: false,
      userKeys: [],
    });
  });

  it('user data without identity is anonymous', () => {
    expect(classifyRecord({ cookie: {}, cart: [1] }, rules)).toEqual({ empty: false, anonymous: true, userKeys: [] });
    // an identity-named key that is null after logout identifies nobody
    expect(classifyRecord({ cookie: {}, userId: null }, rules)).toEqual({
      empty: false,
      anonymous: true,
      userKeys: [],
    });
  });

  it('explicit paths and the generic rule both identify', () => {
    expect(classifyRecord({ cookie: {}, passport: { user: 'u1' } }, rules).userKeys).toEqual(['passport.user']);
    expect(classifyRecord({ cookie: {}, user_id: 5, uid: 'x' }, rules).userKeys).toEqual(['user_id', 'uid']);
    expect(classifyRecord({ login_web_59ba: 3 }, { metadata: new Set(), identity: [/^login_web_/] }).userKeys).toEqual([
      'login_web_59ba',
    ]);
  });
});

describe('helpers', () => {
  it('isPresent and lookup', () => {
    expect([null, false, '', [], {}].map((v) => isPresent(v))).toEqual([false, false, false, false, false]);
    expect([0, 'a', [0], { a: null }].map((v) => isPresent(v))).toEqual([true, true, true, true]);
    expect(lookup({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(lookup({ a: [1] }, 'a.0')).toBeUndefined();
  });
});
