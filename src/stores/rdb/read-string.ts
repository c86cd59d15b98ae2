import { ensure, skipBytes, type ByteWindow, type Need } from './byte-window.js';
import { lzfDecompress } from './lzf.js';
import { corrupt } from './rdb-error.js';
import { readCount, readLen } from './read-length.js';

const ENC_INT8 = 0;
const ENC_INT16 = 1;
const ENC_INT32 = 2;
const ENC_LZF = 3;

/** What readString returns for a string longer than the caller's limit (consumed, not held). */
export const TOO_BIG: unique symbol = Symbol('rdb.tooBig');

/**
 * An RDB string object: raw bytes, an integer stored in 1/2/4 bytes (returned as its decimal
 * text, which is what the server gives back on GET), or LZF-compressed bytes.
 * Strings longer than `max` are stepped over chunk by chunk and come back as TOO_BIG.
 */
export function* readString(
  w: ByteWindow,
  max: number,
  recordStart: number,
): Generator<Need, Buffer | typeof TOO_BIG, unknown> {
  const at = w.offset;
  const len = yield* readLen(w, recordStart);
  if (len >= 0) {
    if (len > max) {
      yield* skipBytes(w, len, recordStart);
      return TOO_BIG;
    }
    if (w.end - w.pos < len) yield* ensure(w, len, recordStart);
    return w.take(len);
  }
  const enc = -1 - len;
  if (enc === ENC_LZF) {
    const clen = yield* readCount(w, recordStart, 'LZF compressed length');
    const ulen = yield* readCount(w, recordStart, 'LZF length');
    if (ulen > max || clen > max) {
      yield* skipBytes(w, clen, recordStart);
      return TOO_BIG;
    }
    yield* ensure(w, clen, recordStart);
    const out = lzfDecompress(w.buf.subarray(w.pos, w.pos + clen), ulen);
    if (typeof out === 'string') throw corrupt(out, at);
    w.pos += clen;
    return out;
  }
  return Buffer.from(String(yield* readIntEncoded(w, enc, at, recordStart)));
}

function* readIntEncoded(
  w: ByteWindow,
  enc: number,
  at: number,
  recordStart: number,
): Generator<Need, number, unknown> {
  if (enc === ENC_INT8) {
    yield* ensure(w, 1, recordStart);
    return w.buf.readInt8(w.pos++);
  }
  if (enc === ENC_INT16) {
    yield* ensure(w, 2, recordStart);
    const v = w.buf.readInt16LE(w.pos);
    w.pos += 2;
    return v;
  }
  if (enc === ENC_INT32) {
    yield* ensure(w, 4, recordStart);
    const v = w.buf.readInt32LE(w.pos);
    w.pos += 4;
    return v;
  }
  throw corrupt(`unknown string encoding ${enc}`, at);
}

/** Steps over a string object without holding it. */
export function* skipString(w: ByteWindow, recordStart: number): Generator<Need, void, unknown> {
  const at = w.offset;
  const len = yield* readLen(w, recordStart);
  if (len >= 0) return yield* skipBytes(w, len, recordStart);
  const enc = -1 - len;
  if (enc === ENC_LZF) {
    const clen = yield* readCount(w, recordStart, 'LZF compressed length');
    yield* readCount(w, recordStart, 'LZF length');
    return yield* skipBytes(w, clen, recordStart);
  }
  if (enc > ENC_LZF) throw corrupt(`unknown string encoding ${enc}`, at);
  yield* skipBytes(w, enc === ENC_INT8 ? 1 : enc === ENC_INT16 ? 2 : 4, recordStart);
}
