import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits.js';
import { checkMsgpackShape } from './msgpack-shape.js';

/** Seeded random values of every msgpack kind, nested up to `depth`. */
function randomValue(rand: () => number, depth: number): unknown {
  const pick = Math.floor(rand() * (depth > 0 ? 12 : 9));
  const n = (max: number) => Math.floor(rand() * max);
  switch (pick) {
    case 0:
      return n(200) - 100;
    case 1:
      return n(2 ** 31) * (rand() < 0.5 ? -1 : 1) * 3;
    case 2:
      return rand();
    case 3:
      return 'x'.repeat(n(rand() < 0.1 ? 70_000 : 40));
    case 4:
      return new Uint8Array(n(rand() < 0.1 ? 300 : 10));
    case 5:
      return null;
    case 6:
      return rand() < 0.5;
    case 7:
      return 2 ** 40 + n(1000);
    case 8:
      return new Date(n(2 ** 40));
    case 9:
      return rand() < 0.05
        ? new Array(70_000).fill(1)
        : Array.from({ length: n(4) }, () => randomValue(rand, depth - 1));
    default:
      return Object.fromEntries(
        Array.from({ length: n(rand() < 0.05 ? 20 : 3) }, (_, i) => [`k${i}`, randomValue(rand, depth - 1)]),
      );
  }
}

describe('checkMsgpackShape', () => {
  it('accepts every valid payload within the limits (seeded, all types and length encodings)', () => {
    let a = 0x1234;
    const rand = () => (a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 300; i++) {
      const bytes = encode(randomValue(rand, 1 + (i % 30)));
      expect(() => checkMsgpackShape(bytes, { ...DEFAULT_LIMITS, maxElements: Number.MAX_SAFE_INTEGER })).not.toThrow();
    }
  });

  it('counts depth by open containers, like the value walk', () => {
    const nested = (levels: number) => encode(Array.from({ length: levels }).reduce<unknown>((inner) => [inner], 0));
    expect(() => checkMsgpackShape(nested(64), DEFAULT_LIMITS)).not.toThrow();
    expect(() => checkMsgpackShape(nested(65), DEFAULT_LIMITS)).toThrow('nesting deeper than 64');
  });
});
