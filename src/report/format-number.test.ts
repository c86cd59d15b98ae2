import { describe, expect, it } from 'vitest';
import { fmtCompact } from './format-number.js';

describe('fmtCompact', () => {
  it('is exact under 100,000 and three significant digits above', () => {
    expect(fmtCompact(99_999)).toBe('99,999');
    expect(fmtCompact(100_000)).toBe('100k');
    expect(fmtCompact(123_456.7)).toBe('123k');
    expect(fmtCompact(999_600)).toBe('1.00M');
    expect(fmtCompact(1_234_567)).toBe('1.23M');
    expect(fmtCompact(12_345_678_901)).toBe('12.3G');
    expect(fmtCompact(5e15)).toBe('5000T');
  });
});
