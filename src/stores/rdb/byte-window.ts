import { crc64Init, crc64Update, type Crc64 } from './crc64.js';
import { truncated } from './rdb-error.js';

/** What a parse step yields when it needs more bytes than the window holds. */
export const NEED: unique symbol = Symbol('rdb.need');
export type Need = typeof NEED;

/** What the parse yields when it has read a batch's worth of records: the driver hands them over and resumes. */
export const FULL: unique symbol = Symbol('rdb.full');
export type Full = typeof FULL;

const MIN_CAPACITY = 64 * 1024;

/**
 * A record cut by a chunk's end is finished in a copy of its start and the next chunk's first
 * STITCH bytes, and the parse then reads on in that chunk itself: copying every 1 MiB chunk whole
 * behind a few unread bytes moved the whole dump through memory once more.
 */
const STITCH = 16 * 1024;

/**
 * Largest buffer of its own the window keeps past the cut that needed it: one value cut across
 * chunks can take one up to the value size limit, which the rest of the read must not hold.
 */
const KEEP_MAX = 2 * 1024 * 1024;

/**
 * The unread tail of a dump arriving in chunks. Parse steps read `buf[pos…end)` directly and
 * advance `pos`; bytes before `pos` are folded into the CRC and dropped at the next append, so the
 * window only ever holds what one pending primitive (at most a value under the size limit) needs.
 */
export class ByteWindow {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;
  /** No more chunks will come. */
  eof = false;
  /** Largest buffer held so far: the evidence that memory stays flat. */
  peak = 0;
  /** Buffers this window allocated: a long dump must not churn through them. */
  allocations = 0;
  /** Absolute offset of buf[0] in the dump. */
  private base = 0;
  /**
   * The buffer this window allocated for a record cut between chunks, kept while it reads straight
   * from an adopted chunk, for the next cut. Each one dropped stays in memory until a full
   * collection, which a thread that allocates little runs rarely: dropping one every few chunks
   * grew the reader thread by 27 MiB over a 5M-key dump.
   */
  private own: Buffer | undefined;
  /** A chunk whose first STITCH bytes follow the unread bytes at pendingAt (see resume). */
  private pending: Buffer | undefined;
  private pendingAt = 0;
  private readonly crc: Crc64 = crc64Init();
  private crcPos = 0;

  /** Absolute offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  get avail(): number {
    return this.end - this.pos;
  }

  append(chunk: Buffer): void {
    this.resume();
    this.foldCrc();
    const rest = this.end - this.pos;
    if (rest === 0 && chunk.length >= MIN_CAPACITY) {
      this.base += this.end;
      this.adopt(chunk, 0);
    } else if (rest <= STITCH && chunk.length > 2 * STITCH) {
      this.copyIn(chunk.subarray(0, STITCH));
      this.pending = chunk;
      this.pendingAt = rest;
    } else this.copyIn(chunk);
  }

  /**
   * After append stitched a chunk: reads on in the chunk itself once the parse is past the bytes
   * the stitch carried over, or else appends the rest of the chunk. False when no chunk is pending
   * (the driver then reads the next one).
   */
  resume(): boolean {
    const chunk = this.pending;
    if (chunk === undefined) return false;
    this.pending = undefined;
    if (this.pos < this.pendingAt) this.append(chunk.subarray(this.end - this.pendingAt));
    else {
      this.foldCrc();
      this.base += this.pendingAt;
      this.adopt(chunk, this.pos - this.pendingAt);
    }
    return true;
  }

  private adopt(chunk: Buffer, pos: number): void {
    if (this.own !== undefined && this.own.length > KEEP_MAX) this.own = undefined;
    this.buf = chunk;
    this.pos = this.crcPos = pos;
    this.end = chunk.length;
    if (chunk.length > this.peak) this.peak = chunk.length;
  }

  /** The unread bytes and then `data`, in the window's own buffer. */
  private copyIn(data: Buffer): void {
    const rest = this.end - this.pos;
    const need = rest + data.length;
    let own = this.own;
    if (own !== undefined && own.length >= need) {
      if (this.buf !== own) this.buf.copy(own, 0, this.pos, this.end);
      else if (this.pos > 0) own.copyWithin(0, this.pos, this.end);
    } else {
      // An eighth more than this cut needs: sized exactly, the next longer cut tail needed another.
      own = Buffer.allocUnsafe(Math.max(need + (need >>> 3), MIN_CAPACITY, rest * 2));
      this.buf.copy(own, 0, this.pos, this.end);
      this.own = own;
      this.allocations++;
    }
    this.buf = own;
    data.copy(own, rest);
    this.base += this.pos;
    this.pos = this.crcPos = 0;
    this.end = need;
    if (own.length > this.peak) this.peak = own.length;
  }

  /** Folds the bytes consumed so far into the running checksum. */
  foldCrc(): Crc64 {
    crc64Update(this.crc, this.buf, this.crcPos, this.pos);
    this.crcPos = this.pos;
    return this.crc;
  }

  /** Bytes from `pos` as a fresh Buffer (the window's own memory is reused). */
  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    this.buf.copy(out, 0, this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Suspends the parse until the driver appends a chunk; at the end of the input, the dump is cut short. */
export function* more(w: ByteWindow, recordStart: number): Generator<Need, void, unknown> {
  if (w.eof) throw truncated(recordStart, w.offset + w.avail);
  yield NEED;
}

/** Waits until at least n bytes are readable. */
export function* ensure(w: ByteWindow, n: number, recordStart: number): Generator<Need, void, unknown> {
  while (w.end - w.pos < n) yield* more(w, recordStart);
}

/** Consumes n bytes however many chunks they span, holding none of them. */
export function* skipBytes(w: ByteWindow, n: number, recordStart: number): Generator<Need, void, unknown> {
  for (;;) {
    const step = Math.min(n, w.end - w.pos);
    w.pos += step;
    n -= step;
    if (n === 0) return;
    yield* more(w, recordStart);
  }
}
