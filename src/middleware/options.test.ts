import { describe, expect, it } from 'vitest';
import { resolveOptions } from './options.js';

describe('resolveOptions', () => {
  it('has the documented defaults', () => {
    const o = resolveOptions();
    expect(o).toMatchObject({
      ttlMs: 86_400_000,
      touchAfterMs: 8_640_000,
      rolling: true,
      header: 'x-auth-token',
      bodyField: 'token',
      storeTimeoutMs: 2000,
      secrets: [],
    });
    expect(o.store.name).toBe('memory://default');
  });

  it('refuses bad options at start-up with the option named', () => {
    expect(() => resolveOptions({ ttl: '10m', touchAfter: '10m' })).toThrow(/touchAfter must be shorter than ttl/);
    expect(() => resolveOptions({ secret: 'short' })).toThrow(/at least 32 characters/);
    expect(() => resolveOptions({ secret: [] })).toThrow(/empty array/);
    expect(() => resolveOptions({ header: 'X Auth' })).toThrow(/HTTP header name/);
    expect(() => resolveOptions({ ttl: 0 })).toThrow(/ttl must be a positive duration/);
    expect(() => resolveOptions({ ttl: 'soon' })).toThrow(/invalid ttl/);
    for (const bodyLimit of [-1, 1.5, Number.POSITIVE_INFINITY, '1mb' as never])
      expect(() => resolveOptions({ bodyLimit })).toThrow(/bodyLimit must be a whole number of bytes/);
  });
});
