import { describe, expect, it } from 'vitest';
import { checkBounds } from './bounds.js';
import { json } from './json.js';
import { DEFAULT_LIMITS } from './limits.js';
import type { DecodedValue } from './types.js';

/** What the bounds walk alone decides, the rule json's short-input shortcut must reproduce. */
function walkVerdict(text: string, limits: typeof DEFAULT_LIMITS): boolean {
  try {
    checkBounds(JSON.parse(text) as DecodedValue, limits);
    return true;
  } catch {
    return false;
  }
}

describe('json decode limits on short inputs', () => {
  it('refuses exactly what the bounds walk refuses, for random nesting under tight limits', () => {
    let seed = 5;
    const rand = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const value = (depth: number): string => {
      const r = rand(depth > 6 ? 3 : 6);
      if (r === 0) return String(rand(100));
      if (r === 1) return JSON.stringify('é'.repeat(rand(4)) + 'x'.repeat(rand(6)));
      if (r === 2) return 'null';
      if (r === 3) return `[${Array.from({ length: rand(3) }, () => value(depth + 1)).join(',')}]`;
      return `{${Array.from({ length: rand(3) }, (_, i) => `"k${i}":${value(depth + 1)}`).join(',')}}`;
    };
    for (let i = 0; i < 5000; i++) {
      const text = value(0);
      const limits = { ...DEFAULT_LIMITS, maxDepth: 1 + rand(8), maxElements: 1 + rand(30), maxOutputBytes: rand(40) };
      expect(json.decode(Buffer.from(text), limits).ok, `${text} ${JSON.stringify(limits)}`).toBe(
        walkVerdict(text, limits),
      );
    }
  });

  it('still refuses a deep short payload', () => {
    const deep = '['.repeat(40) + ']'.repeat(40);
    expect(json.decode(Buffer.from(deep), { maxDepth: 39 }).ok).toBe(false);
    expect(json.decode(Buffer.from(deep), { maxDepth: 40 }).ok).toBe(true);
  });
});
