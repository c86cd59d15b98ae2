import { describe, expect, it } from 'vitest';
import type { FrameworkDef } from './define-framework.js';
import { interpret } from './interpret.js';
import def, { javaLong } from './spring-session.js';

const spring: FrameworkDef = def;

const ctx = {
  format: 'spring-hash' as const,
  key: 'spring:session:sessions:0ee4597d-5147-4f0e-9d0e-6f1f3c1c2a11',
  prefix: 'spring:session:sessions:',
};
const base = { creationTime: 1763786000000, lastAccessedTime: 1763786060000, maxInactiveInterval: 1800 };

describe('spring-session semantics', () => {
  it('the three fields alone are empty, with the exact creation time', () => {
    expect(spring.match(base, ctx)).toBeGreaterThanOrEqual(0.9);
    expect(spring.meaning(base, ctx)).toEqual({
      empty: true,
      anonymous: false,
      userKeys: [],
      createdAt: 1763786000000,
      createdAtKind: 'exact',
      rewritesOnRequest: true,
      lastAccessedAt: 1763786060000,
    });
  });

  it('Spring Security plumbing (CSRF token, saved request) is still empty', () => {
    const csrf = {
      ...base,
      'sessionAttr:org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository.CSRF_TOKEN': {
        $opaque: 'org.springframework.security.web.csrf.DefaultCsrfToken',
      },
    };
    expect(spring.meaning(csrf, ctx)).toMatchObject({ empty: true });
  });

  it('attributes are anonymous; SPRING_SECURITY_CONTEXT and user-named attributes are identity', () => {
    expect(spring.meaning({ ...base, 'sessionAttr:cart': [{ sku: 'A-1' }] }, ctx)).toMatchObject({
      anonymous: true,
      userKeys: [],
    });
    const auth = {
      ...base,
      'sessionAttr:SPRING_SECURITY_CONTEXT': {
        $opaque: 'org.springframework.security.core.context.SecurityContextImpl',
      },
    };
    expect(spring.meaning(auth, ctx)).toMatchObject({
      empty: false,
      anonymous: false,
      userKeys: ['sessionAttr:SPRING_SECURITY_CONTEXT'],
    });
    expect(spring.meaning({ ...base, 'sessionAttr:userId': 7 }, ctx).userKeys).toEqual(['sessionAttr:userId']);
  });

  it("recognises a custom namespace, not the indexed repository's expires shadow keys", () => {
    const [pattern] = spring.keyPatterns ?? [];
    expect(pattern?.test('shop:sessions:0ee4597d-5147-4f0e-9d0e-6f1f3c1c2a11')).toBe(true);
    expect(pattern?.test('spring:session:sessions:expires:0ee4597d-5147-4f0e-9d0e-6f1f3c1c2a11')).toBe(false);
  });

  it('an ordinary app hash (a user record, a cart) is not a Spring session, so clean never selects it unasked', () => {
    const hash = (fields: Record<string, string>) =>
      new Map(Object.entries(fields).map(([k, v]) => [k, Buffer.from(v)]));
    for (const [key, fields] of [
      ['user:1', { name: 'bob', email: 'bob@example.com' }],
      ['cart:42', { sku: 'A-1', qty: '2' }],
    ] as const) {
      expect(interpret({ key, hash: hash(fields), store: 'redis' })).toMatchObject({
        framework: 'unknown',
        confidence: 'low',
      });
    }
    // under Spring's own key layout, the key alone still names the framework
    expect(interpret({ key: ctx.key, hash: hash({ name: 'bob' }), store: 'redis' })).toMatchObject({
      framework: 'spring-session',
      confidence: 'medium',
    });
    // a namespaced Spring session that lost a field is still recognised by its fields
    expect(
      spring.match({ creationTime: 1, lastAccessedTime: 2 }, { ...ctx, key: 'x', prefix: undefined }),
    ).toBeGreaterThanOrEqual(0.5);
    expect(spring.match({ 'sessionAttr:cart': 1 }, { ...ctx, key: 'x', prefix: undefined })).toBeGreaterThanOrEqual(
      0.5,
    );
  });

  it('reads creationTime however the decoder gives a java.lang.Long', () => {
    expect(javaLong(1763786000000n)).toBe(1763786000000);
    expect(javaLong({ $opaque: 'java.lang.Long', state: { value: 5 } })).toBe(5);
    expect(javaLong('x')).toBeUndefined();
  });
});
