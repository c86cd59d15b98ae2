import { describe, expect, it } from 'vitest';
import { PrefixIndex } from './prefix-index.js';

describe('PrefixIndex', () => {
  const index = new PrefixIndex(['sess:', 'spring:session:sessions:', 'session:', 'koa:sess:', '', 'sess:']);

  it('returns the longest prefix that starts the key', () => {
    expect(index.longest('spring:session:sessions:abc')).toBe('spring:session:sessions:');
    expect(index.longest('session:abc')).toBe('session:');
    expect(index.longest('sess:abc')).toBe('sess:');
    expect(index.longest('koa:sess:x')).toBe('koa:sess:');
  });

  it('returns undefined when no prefix matches, and never matches the empty prefix', () => {
    expect(index.longest('0abc')).toBeUndefined();
    expect(index.longest('ses')).toBeUndefined();
    expect(index.longest('')).toBeUndefined();
  });

  it('gives a key the longest prefix right after a key under a shorter one', () => {
    const nested = new PrefixIndex(['sess:', 'sess:admin:', 'koa:']);
    expect(nested.longest('sess:abc')).toBe('sess:');
    expect(nested.longest('sess:admin:abc')).toBe('sess:admin:');
    expect(nested.longest('sess:admin:abc')).toBe('sess:admin:');
    expect(nested.longest('sess:abc')).toBe('sess:');
    expect(nested.longest('koa:x')).toBe('koa:');
    expect(nested.longest('koa:y')).toBe('koa:');
    expect(nested.longest('x')).toBeUndefined();
  });
});
