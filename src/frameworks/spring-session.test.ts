import { describe, expect, it } from 'vitest';
import type { FrameworkDef } from './define-framework.js';
import def, { javaLong } from './spring-session.js';

const spring: FrameworkDef = def;

const ctx = { format: 'spring-hash' as const, key: 'spring:session:sessions:0ee4597d-5147-4f0e-9d0e-6f1f3c1c2a11', prefix: 'spring:session:sessions:' };
const base = { creationTime: 1763786000000, lastAccessedTime: 1763786060000, maxInactiveInterval: 1800 };

describe('spring-session semantics', () => {
  it('the three fields alone are empty, with the exact creation time', () => {
    expect(spring.match(base, ctx)).toBeGreaterThanOrEqual(0.9);
    expect(spring.meaning(base, ctx)).toEqual({ empty: true, anonymous: false, userKeys: [], createdAt: 1763786000000, createdAtKind: 'exact', rewritesOnRequest: true, lastAccessedAt: 1763786060000 });
  });

  it('Spring Security plumbing (CSRF token, saved request) is still empty', () => {
    const csrf = { ...base, 'sessionAttr:org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository.CSRF_TOKEN': { $opaque: 'org.springframework.security.web.csrf.DefaultCsrfToken' } };
    expect(spring.meaning(csrf, ctx)).toMatchObject({ empty: true });
  });

  it('attributes are anonymous; SPRING_SECURITY_CONTEXT and user-named attributes are identity', () => {
    expect(spring.meaning({ ...base, 'sessionAttr:cart': [{ sku: 'A-1' }] }, ctx)).toMatchObject({ anonymous: true, userKeys: [] });
    const auth = { ...base, 'sessionAttr:SPRING_SECURITY_CONTEXT': { $opaque: 'org.springframework.security.core.context.SecurityContextImpl' } };
    expect(spring.meaning(auth, ctx)).toMatchObject({ empty: false, anonymous: false, userKeys: ['sessionAttr:SPRING_SECURITY_CONTEXT'] });
    expect(spring.meaning({ ...base, 'sessionAttr:userId': 7 }, ctx).userKeys).toEqual(['sessionAttr:userId']);
  });

  it('recognises a custom namespace, not the indexed repository\'s expires shadow keys', () => {
    const [pattern] = spring.keyPatterns ?? [];
    expect(pattern?.test('shop:sessions:0ee4597d-5147-4f0e-9d0e-6f1f3c1c2a11')).toBe(true);
    expect(pattern?.test('spring:session:sessions:expires:0ee4597d-5147-4f0e-9d0e-6f1f3c1c2a11')).toBe(false);
  });

  it('reads creationTime however the decoder gives a java.lang.Long', () => {
    expect(javaLong(1763786000000n)).toBe(1763786000000);
    expect(javaLong({ $opaque: 'java.lang.Long', state: { value: 5 } })).toBe(5);
    expect(javaLong('x')).toBeUndefined();
  });
});
