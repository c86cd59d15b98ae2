import { describe, expect, it } from 'vitest';
import { crc64Reference } from '../../../test/harness/rdb-builder.js';
import { crc64, crc64Hex, crc64Init, crc64Update } from './crc64.js';

/** Bit-by-bit reference with BigInt (the dump builder's): slow but obviously the Jones CRC. */
const reference = (bytes: Uint8Array) => crc64Reference(bytes).toString(16).padStart(16, '0');

describe('crc64 (Jones)', () => {
  it('has the catalogued check value for "123456789"', () => {
    expect(crc64(Buffer.from('123456789'))).toBe('e9c6d914c4b8d9ca');
  });

  it('is 0 for no bytes', () => {
    expect(crc64(new Uint8Array(0))).toBe('0000000000000000');
  });

  it('matches the bit-by-bit reference at every length and split point', () => {
    const bytes = Buffer.alloc(67);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 151 + 7) & 0xff;
    for (let len = 0; len <= bytes.length; len++) {
      const slice = bytes.subarray(0, len);
      const want = reference(slice);
      expect(crc64(slice)).toBe(want);
      const split = len >> 1;
      const crc = crc64Init();
      crc64Update(crc, slice, 0, split);
      crc64Update(crc, slice, split, len);
      expect(crc64Hex(crc)).toBe(want);
    }
  });
});
