import { describe, expect, it } from 'vitest';
import { keyString, setKey, utf8Lossy, utf8Text } from './text.js';

describe('utf8Text', () => {
  it('the short-string cache never returns another string (20k random keys, colliding slots, reused buffers)', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const buf = Buffer.alloc(32);
    for (let i = 0; i < 20_000; i++) {
      const n = rand(17);
      for (let k = 0; k < n; k++) buf[k] = 0x20 + rand(3); // a tiny alphabet: many equal hashes and slots
      expect(utf8Text(buf, 0, n)).toBe(buf.toString('latin1', 0, n));
    }
  });

  it('is strict about UTF-8 and reads long text', () => {
    expect(utf8Text(Buffer.from('h\u00e9llo \u2603'), 0, 10)).toBe('h\u00e9llo \u2603');
    expect(utf8Text(Buffer.from([0x61, 0xff]), 0, 2)).toBeUndefined();
    expect(utf8Text(Buffer.from('x'.repeat(100)), 0, 100)).toBe('x'.repeat(100));
  });
});

describe('utf8Lossy', () => {
  it("is buf.toString('utf8') for ASCII, UTF-8 and invalid bytes, short and long (the native check starts at 64)", () => {
    const cases = [
      '',
      'sess:abc',
      'x'.repeat(63),
      'x'.repeat(64),
      'x'.repeat(200),
      'sess:h\u00e9llo',
      `${'y'.repeat(70)}\u2603`,
    ].map((t) => Buffer.from(t));
    cases.push(
      Buffer.from([0x62, 0x61, 0x64, 0x3a, 0xff, 0xc3]),
      Buffer.concat([Buffer.alloc(80, 0x61), Buffer.from([0xc3])]),
    );
    for (const b of cases) expect(utf8Lossy(b)).toBe(b.toString('utf8'));
  });
});

describe('keys', () => {
  it('non-string keys get their documented string form', () => {
    expect([1, 2.5, 2n ** 70n, true, null, Uint8Array.from([0x61])].map((k) => keyString(k))).toEqual([
      '1',
      '2.5',
      '1180591620717411303424',
      'true',
      'null',
      'a',
    ]);
    expect(keyString([1, 'a', Uint8Array.from([0x62])])).toBe('[1,"a","b"]');
  });

  it('__proto__ becomes an own key, never a prototype', () => {
    const target: Record<string, unknown> = {};
    setKey(target as never, '__proto__', { polluted: true } as never);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__']);
  });
});
