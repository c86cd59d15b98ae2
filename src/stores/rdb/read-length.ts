import { ensure, type ByteWindow, type Need } from './byte-window.js';
import { corrupt } from './rdb-error.js';

/**
 * RDB length encoding (rdb.h): the top two bits of the first byte say 6-bit, 14-bit, 32/64-bit
 * big-endian, or "special encoding" (then the low six bits name it). A special encoding comes back
 * as a negative number, -1 - encoding, so the hot path allocates nothing.
 */
export function* readLen(w: ByteWindow, recordStart: number): Generator<Need, number, unknown> {
  if (w.end - w.pos < 9) yield* ensureLen(w, recordStart);
  const b = w.buf[w.pos]!;
  const kind = b >> 6;
  if (kind === 0) {
    w.pos += 1;
    return b;
  }
  if (kind === 1) {
    const v = ((b & 0x3f) << 8) | w.buf[w.pos + 1]!;
    w.pos += 2;
    return v;
  }
  if (kind === 3) {
    w.pos += 1;
    return -1 - (b & 0x3f);
  }
  if (b === 0x80) {
    const v = w.buf.readUInt32BE(w.pos + 1);
    w.pos += 5;
    return v;
  }
  if (b === 0x81) {
    const hi = w.buf.readUInt32BE(w.pos + 1);
    const lo = w.buf.readUInt32BE(w.pos + 5);
    // Lengths count bytes or elements of something in the dump: beyond 2^53 is corruption.
    if (hi > 0x1fffff)
      throw corrupt(`length 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} is impossibly large`, w.offset);
    w.pos += 9;
    return hi * 0x1_0000_0000 + lo;
  }
  throw corrupt(`unknown length encoding 0x${b.toString(16)}`, w.offset);
}

/** Near the end of the input a length may be shorter than 9 bytes: wait only for what it needs. */
function* ensureLen(w: ByteWindow, recordStart: number): Generator<Need, void, unknown> {
  yield* ensure(w, 1, recordStart);
  const b = w.buf[w.pos]!;
  const size = b >> 6 === 1 ? 2 : b === 0x80 ? 5 : b === 0x81 ? 9 : 1;
  yield* ensure(w, size, recordStart);
}

/** A plain length: a special encoding here is corruption. */
export function* readCount(w: ByteWindow, recordStart: number, what: string): Generator<Need, number, unknown> {
  const at = w.offset;
  const n = yield* readLen(w, recordStart);
  if (n < 0) throw corrupt(`${what}: expected a length, found special encoding ${-1 - n}`, at);
  return n;
}

/** A length as the full unsigned 64 bits (module type ids keep their name in the top 54). */
export function* readLen64(w: ByteWindow, recordStart: number): Generator<Need, bigint, unknown> {
  yield* ensureLen(w, recordStart);
  const b = w.buf[w.pos]!;
  if (b === 0x81) {
    const v = w.buf.readBigUInt64BE(w.pos + 1);
    w.pos += 9;
    return v;
  }
  const n = yield* readLen(w, recordStart);
  if (n < 0) throw corrupt(`expected a length, found special encoding ${-1 - n}`, w.offset - 1);
  return BigInt(n);
}

/** A little-endian signed 64-bit integer (expiry times) as a Number: exact for any real date. */
export function* readInt64LE(w: ByteWindow, recordStart: number): Generator<Need, number, unknown> {
  if (w.end - w.pos < 8) yield* ensure(w, 8, recordStart);
  const v = w.buf.readInt32LE(w.pos + 4) * 0x1_0000_0000 + w.buf.readUInt32LE(w.pos);
  w.pos += 8;
  return v;
}
