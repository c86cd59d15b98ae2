import { lzfDecompress } from './lzf.js';
import { listpackEntries } from './listpack.js';
import { OP, T } from './rdb-ids.js';
import { pairsOf } from './read-hash.js';
import type { RdbLimits, RdbRecord } from './types.js';

/**
 * The hot path: one whole record of the shapes session stores write (optional expiry, IDLE,
 * FREQ; then a string, or a listpack hash) read synchronously from the window. Anything else,
 * anything cut by the window's end, anything oversized or damaged returns undefined with nothing
 * consumed, and the resumable parse (which owns every error message) reads it instead. It exists
 * because a generator per length and string costs more in garbage collection than the parse itself.
 */
let buf: Buffer;
let p = 0;
let end = 0;
/** Plain strings as views into the window (readRdb's `views`), not copies. */
let views = false;

export function fastRecord(
  win: { buf: Buffer; pos: number; end: number },
  db: number,
  limits: RdbLimits,
  offset: number,
  asViews = false,
): RdbRecord | undefined {
  views = asViews;
  buf = win.buf;
  p = win.pos;
  end = win.end;
  let expireAtMs: number | null = null;
  let idleS: number | null = null;
  let freq: number | null = null;
  for (;;) {
    if (p >= end) return undefined;
    const op = buf[p++]!;
    if (op === OP.EXPIRETIME_MS) {
      if (p + 8 > end) return undefined;
      expireAtMs = buf.readInt32LE(p + 4) * 0x1_0000_0000 + buf.readUInt32LE(p);
      p += 8;
    } else if (op === OP.IDLE) {
      const n = len();
      if (n === undefined || n < 0) return undefined;
      idleS = n;
    } else if (op === OP.FREQ) {
      if (p >= end) return undefined;
      freq = buf[p++]!;
    } else if (op === T.STRING || op === T.HASH_LISTPACK) {
      const key = str(limits.maxKeyBytes);
      if (key === undefined) return undefined;
      const raw = str(limits.maxValueBytes);
      if (raw === undefined) return undefined;
      let record: RdbRecord;
      if (op === T.STRING)
        record = { db, key, rdbType: op, type: 'string', value: raw, expireAtMs, idleS, freq, offset };
      else {
        const hash = pairsOf(listpackEntries(raw), 2);
        if (typeof hash === 'string') return undefined;
        record = { db, key, rdbType: op, type: 'hash', value: hash.pairs, expireAtMs, idleS, freq, offset };
      }
      win.pos = p;
      return record;
    } else return undefined;
  }
}

/** A length (negative: a special encoding, as in read-length.ts), or undefined past the window. */
function len(): number | undefined {
  if (p >= end) return undefined;
  const b = buf[p]!;
  const kind = b >> 6;
  if (kind === 0) return (p++, b);
  if (kind === 3) return (p++, -1 - (b & 0x3f));
  if (kind === 1) {
    if (p + 2 > end) return undefined;
    const v = ((b & 0x3f) << 8) | buf[p + 1]!;
    p += 2;
    return v;
  }
  if (b !== 0x80 || p + 5 > end) return undefined;
  const v = buf.readUInt32BE(p + 1);
  p += 5;
  return v;
}

/** A string object within `max` bytes, copied out of the window; undefined for anything else. */
function str(max: number): Buffer | undefined {
  const n = len();
  if (n === undefined) return undefined;
  if (n >= 0) {
    if (n > max || p + n > end) return undefined;
    if (views) return buf.subarray(p, (p += n));
    const out = Buffer.allocUnsafe(n);
    buf.copy(out, 0, p, p + n);
    p += n;
    return out;
  }
  const enc = -1 - n;
  if (enc === 0) return p + 1 > end ? undefined : Buffer.from(String(buf.readInt8(p++)));
  if (enc === 1) return p + 2 > end ? undefined : Buffer.from(String(buf.readInt16LE((p += 2) - 2)));
  if (enc === 2) return p + 4 > end ? undefined : Buffer.from(String(buf.readInt32LE((p += 4) - 4)));
  if (enc !== 3) return undefined;
  const clen = len();
  const ulen = len();
  if (clen === undefined || ulen === undefined || clen < 0 || ulen < 0 || ulen > max || p + clen > end)
    return undefined;
  const out = lzfDecompress(buf.subarray(p, p + clen), ulen);
  if (typeof out === 'string') return undefined;
  p += clen;
  return out;
}
