import { isAscii, latin1, utf8Lossy } from '../../formats/text.js';
import type { RawRecord } from '../types.js';
import { nodeId, type RawTally } from './raw-records.js';
import type { RdbHashRecord, RdbOtherRecord, RdbRecord } from './types.js';

/**
 * A batch of raw records as a few transferable ArrayBuffers, how the reader thread hands them to
 * the scan's: posting the records themselves would structured-clone thousands of small objects
 * and Buffers (a copy each, on both threads). `meta` holds the numbers: per record three doubles
 * (TTL ms, NaN for none; idle s, NaN for unknown; bytes), then five int32s (node, type and flags,
 * segment, key length, value length or field count), then the hash fields' and values' lengths.
 * `segments` hold each record within one segment: first the keys of the segment's records back to
 * back, then their values and fields, so the scan's thread turns a segment's keys into text at once.
 */
export interface PackedBatch {
  /** The walk event's node (the database the parser was in). */
  node: string;
  /** The records' node ids, by index. */
  nodes: string[];
  count: number;
  meta: ArrayBuffer;
  segments: ArrayBuffer[];
  /** By segment, whether its keys are all ASCII: checked on this thread, the scan's being the busier. */
  ascii: boolean[];
}

/**
 * The key and value Buffers the scan gets are views into a segment, and a key it holds on to (a
 * prefix's layer detection holds its first keys) keeps the segment alive: segments are about the
 * size of a socket read, which is what a live scan's reply Buffers pin. A key's text is a slice of
 * its segment's keys' text, and pins that (a few KiB) alike.
 */
const SEGMENT_BYTES = 64 * 1024;

const DOUBLES = 3;
const INTS = 5;
const TYPES = ['string', 'hash', 'other'] as const;
const HAS_VALUE = 4;

/**
 * One parser batch packed straight from the dump's records, the filter and the TTL clock applied on
 * the way, without a RawRecord per key in between (building and reading those took a fifth of the
 * reader thread's time). Undefined when the filter left nothing.
 */
export function packDumpBatch(
  records: Array<RdbRecord | RdbOtherRecord>,
  clockMs: number,
  values: boolean,
  db: number | undefined,
  match: RegExp | undefined,
  tally: RawTally,
): { batch: PackedBatch; transfer: ArrayBuffer[] } | undefined {
  // First pass: which records stay, and the segments' sizes and key bytes.
  const kept = new Int32Array(records.length);
  const hashes: Array<Map<string, Buffer> | undefined> = [];
  const hashBytes: number[] = [];
  const sizes: number[] = [];
  const keySizes: number[] = [];
  const segmentOf = new Int32Array(records.length);
  const fieldBytes: number[] = [];
  let count = 0;
  let lens = 0;
  let seg = 0;
  let keys = 0;
  for (let r = 0; r < records.length; r++) {
    const rec = records[r]!;
    tally.db = rec.db;
    if (db !== undefined && rec.db !== db) continue;
    if (match && !match.test(rec.key.toString('utf8'))) continue;
    if (rec.expireAtMs !== null && rec.expireAtMs <= clockMs) {
      tally.expired++;
      continue;
    }
    let n = rec.key.length;
    if (rec.type === 'string') {
      if (values) n += rec.value.length;
    } else if (rec.type === 'hash') {
      const hash = liveFields(rec, clockMs, hashBytes);
      if (values) {
        hashes[count] = hash;
        for (const [field, value] of hash) {
          const f = Buffer.byteLength(field, 'utf8');
          fieldBytes.push(f);
          n += f + value.length;
        }
        lens += 2 * hash.size;
      }
    }
    if (seg > 0 && seg + n > SEGMENT_BYTES) {
      sizes.push(seg);
      keySizes.push(keys);
      seg = 0;
      keys = 0;
    }
    seg += n;
    keys += rec.key.length;
    segmentOf[count] = sizes.length;
    kept[count++] = r;
  }
  if (count === 0) return undefined;
  sizes.push(seg);
  keySizes.push(keys);

  const nodes: string[] = [];
  const meta = new ArrayBuffer(8 * DOUBLES * count + 4 * (INTS * count + lens));
  const f64 = new Float64Array(meta, 0, DOUBLES * count);
  const i32 = new Int32Array(meta, 8 * DOUBLES * count);
  const segments = sizes.map((n) => new ArrayBuffer(n));
  const views = segments.map((s) => Buffer.from(s));
  let s = 0;
  let k = 0;
  let p = keySizes[0]!;
  let out = views[0]!;
  let l = INTS * count;
  let fb = 0;
  let hb = 0;
  let lastDb = -1;
  let nodeIndex = -1;
  for (let i = 0; i < count; i++) {
    const rec = records[kept[i]!]!;
    if (segmentOf[i] !== s) {
      s = segmentOf[i]!;
      out = views[s]!;
      k = 0;
      p = keySizes[s]!;
    }
    if (rec.db !== lastDb) {
      lastDb = rec.db;
      const name = nodeId(lastDb);
      nodeIndex = nodes.indexOf(name);
      if (nodeIndex < 0) nodeIndex = nodes.push(name) - 1;
    }
    f64[DOUBLES * i] = rec.expireAtMs === null ? NaN : rec.expireAtMs - clockMs;
    f64[DOUBLES * i + 1] = rec.idleS ?? NaN;
    const at = INTS * i;
    i32[at] = nodeIndex;
    i32[at + 2] = s;
    i32[at + 3] = rec.key.length;
    // TypedArray set, not Buffer copy: no call into C++ for each small copy.
    out.set(rec.key, k);
    k += rec.key.length;
    if (rec.type === 'string') {
      f64[DOUBLES * i + 2] = rec.value.length;
      if (values) {
        i32[at + 1] = HAS_VALUE;
        i32[at + 4] = rec.value.length;
        out.set(rec.value, p);
        p += rec.value.length;
      } else i32[at + 1] = 0;
    } else if (rec.type === 'hash') {
      f64[DOUBLES * i + 2] = hashBytes[hb++]!;
      const hash = hashes[i];
      if (hash !== undefined) {
        i32[at + 1] = 1 | HAS_VALUE;
        i32[at + 4] = hash.size;
        for (const [field, value] of hash) {
          i32[l++] = fieldBytes[fb]!;
          i32[l++] = value.length;
          p += out.write(field, p, fieldBytes[fb++]!, 'utf8');
          out.set(value, p);
          p += value.length;
        }
      } else i32[at + 1] = 1;
    } else {
      f64[DOUBLES * i + 2] = rec.bytes;
      i32[at + 1] = 2;
    }
  }
  const ascii = views.map((v, i) => isAscii(v, 0, keySizes[i]!));
  return { batch: { node: nodeId(tally.db), nodes, count, meta, segments, ascii }, transfer: [meta, ...segments] };
}

/** A hash's fields whose own expiry had not passed (gone for HGETALL too); their bytes onto `bytes`. */
function liveFields(rec: RdbHashRecord, clockMs: number, bytes: number[]): Map<string, Buffer> {
  const hash = new Map<string, Buffer>();
  let n = 0;
  rec.value.forEach(([field, value], i) => {
    const at = rec.fieldExpiresMs?.[i];
    if (at !== null && at !== undefined && at <= clockMs) return;
    hash.set(field.toString('utf8'), value);
    n += field.length + value.length;
  });
  bytes.push(n);
  return hash;
}

/**
 * A record of a packed batch. A class so every record has one shape; its key a data property of
 * its own (a view into the segment, no copy), so a spread, JSON or structuredClone of a record
 * keeps it as they do any other store's.
 */
class PackedRecord implements RawRecord {
  declare value?: Buffer;
  declare hash?: Map<string, Buffer>;
  key: Buffer;
  keyText: string;

  constructor(
    public node: string,
    segment: ArrayBuffer,
    at: number,
    length: number,
    keyText: string | undefined,
    public type: RawRecord['type'],
    public ttlMs: number | null,
    public idleS: number | undefined,
    public bytes: number,
  ) {
    this.key = Buffer.from(segment, at, length);
    this.keyText = keyText ?? utf8Lossy(this.key);
  }
}

/**
 * The records of a packed batch, their Buffers views into its segments (no copy). A segment whose
 * keys are all ASCII (nearly always) is turned into text by one call, each record's keyText a
 * slice of it: a call per key was nearly a tenth of the scan's thread.
 */
export function unpackBatch(batch: PackedBatch): RawRecord[] {
  const { count, nodes } = batch;
  const f64 = new Float64Array(batch.meta, 0, DOUBLES * count);
  const i32 = new Int32Array(batch.meta, 8 * DOUBLES * count);
  const segments = batch.segments;
  const out = new Array<RawRecord>(count);
  let seg = -1;
  let ab: ArrayBuffer = segments[0]!;
  let bytes = Buffer.alloc(0);
  let keys: string | undefined;
  let k = 0;
  let p = 0;
  let l = INTS * count;
  for (let i = 0; i < count; i++) {
    const at = INTS * i;
    if (i32[at + 2] !== seg) {
      seg = i32[at + 2]!;
      ab = segments[seg]!;
      bytes = Buffer.from(ab);
      k = 0;
      p = 0;
      for (let j = at; j < INTS * count && i32[j + 2] === seg; j += INTS) p += i32[j + 3]!;
      keys = batch.ascii[seg] ? latin1(bytes, 0, p) : undefined;
    }
    const flags = i32[at + 1]!;
    const keyLen = i32[at + 3]!;
    const ttlMs = f64[DOUBLES * i]!;
    const idleS = f64[DOUBLES * i + 1]!;
    const raw = new PackedRecord(
      nodes[i32[at]!]!,
      ab,
      k,
      keyLen,
      keys?.slice(k, k + keyLen),
      TYPES[flags & 3]!,
      Number.isNaN(ttlMs) ? null : ttlMs,
      Number.isNaN(idleS) ? undefined : idleS,
      f64[DOUBLES * i + 2]!,
    );
    k += keyLen;
    if (flags & HAS_VALUE) {
      const n = i32[at + 4]!;
      if (raw.type === 'hash') {
        const hash = new Map<string, Buffer>();
        for (let f = 0; f < n; f++) {
          const fieldLen = i32[l++]!;
          const valueLen = i32[l++]!;
          const field = bytes.toString('utf8', p, p + fieldLen);
          p += fieldLen;
          hash.set(field, Buffer.from(ab, p, valueLen));
          p += valueLen;
        }
        raw.hash = hash;
      } else {
        raw.value = Buffer.from(ab, p, n);
        p += n;
      }
    }
    out[i] = raw;
  }
  return out;
}
