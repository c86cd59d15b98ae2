import { describe, expect, it } from 'vitest';
import { decodedToJson } from './decoded-json.js';

describe('decodedToJson', () => {
  const value = {
    cookie: { originalMaxAge: 1000, path: '/', httpOnly: true, expires: null },
    passport: { user: 'u-42' },
    cart: ['sku-1'],
    raw: new Uint8Array([1, 2, 3]),
    big: 12345678901234567890n,
    obj: { $opaque: 'app.User', state: { email: 'a@b.c' } },
  };

  it('keeps structure, numbers and booleans, redacts strings, bytes and bigints', () => {
    expect(decodedToJson(value)).toEqual({
      cookie: { originalMaxAge: 1000, path: '<redacted 1 chars>', httpOnly: true, expires: null },
      passport: { user: '<redacted 4 chars>' },
      cart: ['<redacted 5 chars>'],
      raw: '<redacted 3 bytes>',
      big: '<redacted 20 digits>',
      obj: { $opaque: 'app.User', state: { email: '<redacted 5 chars>' } },
    });
  });

  it('shows everything as JSON when asked', () => {
    const out = decodedToJson(value, { redact: false }) as Record<string, unknown>;
    expect(out.passport).toEqual({ user: 'u-42' });
    expect(out.raw).toEqual({ $bytes: 'AQID' });
    expect(out.big).toBe('12345678901234567890');
    expect(JSON.stringify(decodedToJson(value))).not.toContain('u-42');
  });

  it('shows a __proto__ key as data and keeps the report object a plain object (issue 21)', () => {
    const hostile = JSON.parse('{"__proto__":{"isAdmin":true},"user":"x"}') as Record<string, unknown>;
    for (const redact of [true, false]) {
      const out = decodedToJson(hostile as never, { redact }) as Record<string, unknown>;
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.keys(out)).toEqual(['__proto__', 'user']);
      expect((out as { isAdmin?: unknown }).isAdmin).toBeUndefined();
      expect(JSON.stringify(out)).toContain('"__proto__":{"isAdmin":true}');
    }
  });
});
