/**
 * CRC-64/Jones as Redis and Valkey checksum their dumps: reflected, polynomial
 * 0xad93d23594c935a9 (0x95ac9329ac4bc9b5 bit-reversed), seed 0, no final xor.
 *
 * It runs over every byte of a dump, so it is slicing-by-8 over two 32-bit halves: BigInt
 * arithmetic is an order of magnitude slower, and eight table lookups per 8 bytes beat one per byte.
 * Where WebAssembly runs, long runs go to crc64-wasm.ts (native i64, nearly three times as fast); this path stays
 * for short runs, for runtimes without it, and as the oracle its tests compare against.
 */
import { crc64Wasm } from './crc64-wasm.js';

const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

/**
 * TABLE_LO[k * 256 + i] / TABLE_HI[…]: the CRC of byte i followed by k zero bytes. Int32Array, not
 * Uint32Array: its elements stay small integers in V8, where values above 2^31 would become doubles.
 * Sixteen slices: this path uses the first eight, the wasm fold all sixteen.
 */
const SLICES = 16;
const TABLE_LO = new Int32Array(SLICES * 256);
const TABLE_HI = new Int32Array(SLICES * 256);

for (let i = 0; i < 256; i++) {
  let lo = i;
  let hi = 0;
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | (hi << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) {
      lo = (lo ^ POLY_LO) >>> 0;
      hi = (hi ^ POLY_HI) >>> 0;
    }
  }
  TABLE_LO[i] = lo;
  TABLE_HI[i] = hi;
}
for (let k = 1; k < SLICES; k++) {
  for (let i = 0; i < 256; i++) {
    const prevLo = TABLE_LO[(k - 1) * 256 + i]!;
    const prevHi = TABLE_HI[(k - 1) * 256 + i]!;
    const idx = prevLo & 0xff;
    TABLE_LO[k * 256 + i] = ((prevLo >>> 8) | (prevHi << 24)) ^ TABLE_LO[idx]!;
    TABLE_HI[k * 256 + i] = (prevHi >>> 8) ^ TABLE_HI[idx]!;
  }
}

/** A running CRC-64 as two unsigned 32-bit halves. */
export interface Crc64 {
  hi: number;
  lo: number;
}

export function crc64Init(): Crc64 {
  return { hi: 0, lo: 0 };
}

const wasmFold = crc64Wasm(TABLE_LO, TABLE_HI);

/** Which fold long runs take: 'wasm' unless this runtime lacks WebAssembly. */
export const crc64Engine: 'wasm' | 'js' = wasmFold ? 'wasm' : 'js';

/** Below this many bytes the copy into wasm memory and the call cost more than they save. */
const WASM_MIN = 256;

/** Folds bytes[start, end) into `crc` in place. */
export function crc64Update(crc: Crc64, bytes: Uint8Array, start = 0, end = bytes.length): void {
  if (wasmFold !== undefined && end - start >= WASM_MIN) wasmFold(crc, bytes, start, end);
  else crc64UpdateJs(crc, bytes, start, end);
}

/** crc64Update in JavaScript alone. */
export function crc64UpdateJs(crc: Crc64, bytes: Uint8Array, start = 0, end = bytes.length): void {
  let lo = crc.lo | 0;
  let hi = crc.hi | 0;
  let i = start;
  const T_LO = TABLE_LO;
  const T_HI = TABLE_HI;
  // Two little-endian 32-bit reads per 8 bytes instead of eight byte reads.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const stop = end - 8; i <= stop; i += 8) {
    const a = lo ^ view.getInt32(i, true);
    const b = hi ^ view.getInt32(i + 4, true);
    const i7 = 7 * 256 + (a & 0xff);
    const i6 = 6 * 256 + ((a >>> 8) & 0xff);
    const i5 = 5 * 256 + ((a >>> 16) & 0xff);
    const i4 = 4 * 256 + (a >>> 24);
    const i3 = 3 * 256 + (b & 0xff);
    const i2 = 2 * 256 + ((b >>> 8) & 0xff);
    const i1 = 256 + ((b >>> 16) & 0xff);
    const i0 = b >>> 24;
    lo = T_LO[i7]! ^ T_LO[i6]! ^ T_LO[i5]! ^ T_LO[i4]! ^ T_LO[i3]! ^ T_LO[i2]! ^ T_LO[i1]! ^ T_LO[i0]!;
    hi = T_HI[i7]! ^ T_HI[i6]! ^ T_HI[i5]! ^ T_HI[i4]! ^ T_HI[i3]! ^ T_HI[i2]! ^ T_HI[i1]! ^ T_HI[i0]!;
  }
  for (; i < end; i++) {
    const idx = (lo ^ bytes[i]!) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ T_LO[idx]!;
    hi = (hi >>> 8) ^ T_HI[idx]!;
  }
  crc.lo = lo >>> 0;
  crc.hi = hi >>> 0;
}

/** The CRC as 16 lowercase hex digits (how tests and error messages print it). */
export function crc64Hex(crc: Crc64): string {
  return crc.hi.toString(16).padStart(8, '0') + crc.lo.toString(16).padStart(8, '0');
}

/** One-shot CRC of a buffer, as hex. */
export function crc64(bytes: Uint8Array): string {
  const crc = crc64Init();
  crc64Update(crc, bytes);
  return crc64Hex(crc);
}
