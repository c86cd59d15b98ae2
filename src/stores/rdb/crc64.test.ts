import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/harness/prng.js';
import { crc64Reference } from '../../../test/harness/rdb-builder.js';
import { crc64, crc64Engine, crc64Hex, crc64Init, crc64Update, crc64UpdateJs, type Crc64 } from './crc64.js';
import { crc64WasmBytes } from './crc64-wasm.js';

/** Bit-by-bit reference with BigInt (the dump builder's): slow but obviously the Jones CRC. */
const reference = (bytes: Uint8Array) => crc64Reference(bytes).toString(16).padStart(16, '0');

type Fold = (crc: Crc64, bytes: Uint8Array, start?: number, end?: number) => void;
const folds: Array<[string, Fold]> = [
  ['js', crc64UpdateJs],
  ['default', crc64Update],
];

describe('crc64 (Jones)', () => {
  it('has the catalogued check value for "123456789"', () => {
    expect(crc64(Buffer.from('123456789'))).toBe('e9c6d914c4b8d9ca');
  });

  it('is 0 for no bytes', () => {
    expect(crc64(new Uint8Array(0))).toBe('0000000000000000');
  });

  it.each(folds)('%s: matches the bit-by-bit reference at every length and split point', (_, fold) => {
    const bytes = Buffer.alloc(600);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 151 + 7) & 0xff;
    for (let len = 0; len <= bytes.length; len += len < 80 ? 1 : 37) {
      const slice = bytes.subarray(0, len);
      const want = reference(slice);
      const whole = crc64Init();
      fold(whole, slice);
      expect(crc64Hex(whole)).toBe(want);
      const split = len >> 1;
      const crc = crc64Init();
      fold(crc, slice, 0, split);
      fold(crc, slice, split, len);
      expect(crc64Hex(crc)).toBe(want);
    }
  });

  it('runs long inputs through WebAssembly on Node', () => {
    expect(crc64Engine).toBe('wasm');
  });

  it('gives the JavaScript fold’s CRC over random lengths, offsets and splits', () => {
    // Past the 64 KiB staging area, at odd byte offsets, and with a window that is itself a view.
    // Seeded, so a failing case replays.
    const random = mulberry32(64);
    const pool = Buffer.from(Array.from({ length: 300_000 }, () => Math.floor(random() * 256)));
    for (let t = 0; t < 300; t++) {
      const view = pool.subarray(Math.floor(random() * 8));
      const len = Math.floor(random() * (t < 30 ? 200_000 : 3000));
      const start = Math.floor(random() * (view.length - len));
      const end = start + len;
      const split = start + Math.floor(random() * (len + 1));
      const want = crc64Init();
      crc64UpdateJs(want, view, start, end);
      const got = crc64Init();
      crc64Update(got, view, start, split);
      crc64Update(got, view, split, end);
      expect(crc64Hex(got), `t=${t} start=${start} end=${end} split=${split}`).toBe(crc64Hex(want));
    }
  });

  it('emits the module it was reviewed as, one WebAssembly accepts', () => {
    // A change to the emitter changes this digest: check the new bytes' CRCs above, then update it.
    const bytes = crc64WasmBytes();
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(bytes)).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'f4afefdc9dbead1f1c54e44f50d9cc80725efa60c613077307ebc8fd5ec7dc3c',
    );
  });
});
