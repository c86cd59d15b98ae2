import { describe, expect, it } from 'vitest';
import { lzfDecompress } from './lzf.js';

describe('lzfDecompress', () => {
  it('expands literal runs and short and long back-references, overlapping ones included', () => {
    expect(String(lzfDecompress(Buffer.from([0x01, 0x78, 0x79, 0x40, 0x01]), 6))).toBe('xyxyxy');
    expect(String(lzfDecompress(Buffer.from([0x02, 0x61, 0x62, 0x63, 0xe0, 0x00, 0x02]), 12))).toBe('abcabcabcabc');
  });

  it('refuses data that does not decode to exactly the declared length', () => {
    expect(lzfDecompress(Buffer.from([0x01, 0x78, 0x79]), 3)).toMatch(/decodes to 2 bytes/);
    expect(lzfDecompress(Buffer.from([0x05, 0x78]), 6)).toMatch(/past the compressed data/);
    expect(lzfDecompress(Buffer.from([0x01, 0x78, 0x79, 0x40, 0x05]), 6)).toMatch(/before the start/);
    expect(lzfDecompress(Buffer.from([0x01, 0x78, 0x79, 0xe0]), 20)).toMatch(/cut short/);
    expect(lzfDecompress(Buffer.from([0x01, 0x78, 0x79, 0x40, 0x01]), 5)).toMatch(/past the declared length/);
  });
});
