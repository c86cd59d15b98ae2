import { describe, expect, it } from 'vitest';
import { prefixOf } from './prefix.js';
import { TtlInference } from './ttl-inference.js';
import { Histogram } from './histogram.js';

describe('prefixOf', () => {
  it('uses framework prefixes, stems, then the last separator with id segments folded', () => {
    expect(prefixOf('sess:vHOoFdQ1xY2abcdefghij')).toBe('sess:');
    expect(prefixOf('PHPREDIS_SESSION:e81a67e5a4f2d2091b2bc50adb9bfe91')).toBe('PHPREDIS_SESSION:');
    expect(prefixOf(':1:django.contrib.sessions.cachez0l92tyfj4oa1iwcj0m9tldwyvbqd5fb')).toBe(
      ':1:django.contrib.sessions.cache',
    );
    expect(prefixOf('myapp:session:abc123')).toBe('myapp:session:');
    expect(prefixOf('cart:42:items')).toBe('cart:*:');
    expect(prefixOf('cache_user_17')).toBe('cache_user_');
    expect(prefixOf('plainkey')).toBe('');
    expect(prefixOf(`myrack:2::${'ab'.repeat(32)}`)).toBe('myrack:2::');
    expect(prefixOf('x.django.contrib.sessions.cachez0l92tyf')).toBe('x.django.contrib.sessions.cache');
  });

  it("keeps a session layer's base64url ids that hold '_' under one prefix", () => {
    expect(prefixOf('session_e53941b4-dc32-4e30-902a-a197cd1140b5')).toBe('session_');
    expect(prefixOf('session_Xq3v_T9bLmP0sKd8wZr2yN5cJ-a_b')).toBe('session_');
    expect(prefixOf('my_app_sessions_Xq3v_T9bLmP0sKd8wZr2yN5c')).toBe('my_app_sessions_');
    expect(prefixOf('myapp:session_Xq3v_T9bLmP0sKd8wZr2yN5c')).toBe('myapp:session_');
    expect(prefixOf('myapp:cache_user_17')).toBe('myapp:');
    expect(prefixOf('user_sessions_17')).toBe('user_sessions_');
  });
});

describe('TtlInference', () => {
  it('finds the TTL untouched keys agree on, despite read keys and rounding', () => {
    const t = new TtlInference();
    t.add(3_599_400, 0);
    t.add(3_000_000, 601);
    t.add(1_000_000, 2600);
    t.add(2_000_000, 100); // read: sum below
    expect(t.initialTtlS).toBe(3600);
    expect(new TtlInference().initialTtlS).toBeUndefined();
  });

  it('gives the sum itself when every key agrees on it, not the second before', () => {
    const t = new TtlInference();
    for (let i = 0; i < 5; i++) t.add(86_390_000, 10);
    expect(t.initialTtlS).toBe(86_400);
  });
});

describe('Histogram', () => {
  it('counts into fixed buckets with a leading bucket for none', () => {
    const h = new Histogram('ttl', 'no TTL');
    [null, 10, 3599, 3600, 90 * 86_400].forEach((v) => h.add(v));
    const b = h.buckets();
    expect(b[0]).toEqual({ label: 'no TTL', upTo: null, count: 1 });
    expect(b.find((x) => x.label === '<1h')!.count).toBe(2);
    expect(b.find((x) => x.label === '1–4h')!.count).toBe(1);
    expect(b.at(-1)).toEqual({ label: '>30d', upTo: null, count: 1 });
  });
});
