import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SessctlError } from '../../errors.js';
import { memcachedUnreachable } from './memcached-connection.js';
import { spoolDump } from './memcached-spool.js';

export interface MetadumpItem {
  key: Buffer;
  /** Absolute expiry (server clock, unix s); -1 = never. */
  exp: number;
  /** Last access (server clock, unix s). */
  la: number;
  cas: string;
  fetched: boolean;
  /** Item size in the slab (key + value + header). */
  size: number;
  flags?: number;
}

export type MetadumpMode = 'hash' | 'all';

/**
 * Streams `lru_crawler metadump <mode>` from its own connection (memcached refuses other commands
 * pipelined before it) in batches, holding at most two batches in memory.
 *
 * `spool`: memcached before 1.6.19 keeps a crawler lock while it writes to the socket, so a paused
 * reader blocks every `mg` on the items behind that lock (measured: the scan hangs). There the dump
 * goes to a private temp file at full speed, and the batches are read back from it behind the writer.
 * Errors: `-X` → SESSCTL_STORE_UNSUPPORTED, BUSY → SESSCTL_STORE_ERROR.
 */
export async function* metadump(
  host: string,
  port: number,
  mode: MetadumpMode,
  options: { batch?: number; signal?: AbortSignal; spool?: boolean } = {},
): AsyncGenerator<MetadumpItem[]> {
  const { batch = 1000, signal, spool = false } = options;
  const id = `${host}:${port}`;
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host, port });
    s.once('connect', () => (s.removeAllListeners('error'), resolve(s)));
    s.once('error', (err) => reject(memcachedUnreachable(id, err)));
  });
  const onAbort = () => socket.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  let dir: string | undefined;
  let source: Readable = socket;
  try {
    socket.write(`lru_crawler metadump ${mode}\r\n`);
    if (spool) {
      dir = await mkdtemp(join(tmpdir(), 'sessctl-metadump-'));
      source = spoolDump(socket, join(dir, 'dump'), id);
    }
    yield* batches(source, id, batch);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    socket.destroy();
    if (source !== socket) source.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** Parses dump bytes from `source` into batches, pausing the source while two batches wait. */
async function* batches(source: Readable, id: string, batch: number): AsyncGenerator<MetadumpItem[]> {
  const ready: MetadumpItem[][] = [];
  let current: MetadumpItem[] = [];
  let rest: Buffer | undefined;
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  // Lines are parsed as bytes: 500k items/s leaves no room for a string and a split per line.
  const onLine = (b: Buffer, start: number, nl: number) => {
    if (done) return;
    const end = nl > start && b[nl - 1] === 13 ? nl - 1 : nl;
    if (end - start >= 4 && b[start] === 107 && b[start + 1] === 101 && b[start + 2] === 121 && b[start + 3] === 61) {
      current.push(parseItem(b, start, end));
      if (current.length >= batch) {
        ready.push(current);
        current = [];
        if (ready.length >= 2) source.pause();
        notify();
      }
    } else if (end - start === 3 && b[start] === 69 && b[start + 1] === 78 && b[start + 2] === 68) {
      if (current.length) ready.push(current);
      current = [];
      done = true;
      notify();
    } else if (end > start) {
      failure = metadumpError(id, b.toString('latin1', start, end));
      notify();
    }
  };
  source.on('data', (data: Buffer | string) => {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    let start = 0;
    if (rest) {
      // Finish the line split across chunks by itself, so the whole chunk is not copied.
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        rest = Buffer.concat([rest, chunk]);
        return;
      }
      const line = Buffer.concat([rest, chunk.subarray(0, nl + 1)]);
      rest = undefined;
      onLine(line, 0, line.length - 1);
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      onLine(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) rest = Buffer.from(chunk.subarray(start));
  });
  source.on(
    'error',
    (err) => (
      (failure ??=
        err instanceof SessctlError
          ? err
          : new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: metadump failed: ${err.message}`, {
              cause: err,
            })),
      notify()
    ),
  );
  source.on('close', () => {
    if (!done)
      failure ??= new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: connection dropped during metadump`);
    notify();
  });
  for (;;) {
    if (ready.length) {
      const b = ready.shift()!;
      if (ready.length < 2 && source.isPaused()) source.resume();
      yield b;
      continue;
    }
    if (failure) throw failure;
    if (done) return;
    await new Promise<void>((r) => (wake = r));
  }
}

function metadumpError(id: string, line: string): SessctlError {
  if (/not allowed/i.test(line)) {
    return new SessctlError(
      'SESSCTL_STORE_UNSUPPORTED',
      `memcached ${id} refuses to list its keys ("${line}"): it was started with -X / --disable-dumping`,
      {
        hint: 'restart memcached without -X to scan it; sessctl never falls back to reading keys with get, which would mark them fetched',
      },
    );
  }
  if (/^BUSY/.test(line))
    return new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: another LRU crawl is running ("${line}")`, {
      hint: 'try again in a moment',
    });
  return new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: metadump failed: ${line}`);
}

/** One `key=… exp=… la=… cas=… fetch=… cls=… size=… [flags=…]` line, `b[start, end)`. */
export function parseItem(b: Buffer, start: number, end: number): MetadumpItem {
  return usualItem(b, start, end) ?? anyItem(b, start, end);
}

const EXP = Buffer.from(' exp=');
const LA = Buffer.from(' la=');
const CAS = Buffer.from(' cas=');
const FETCH = Buffer.from(' fetch=');
const CLS = Buffer.from(' cls=');
const SIZE = Buffer.from(' size=');
const FLAGS = Buffer.from(' flags=');
/** Where the last `tag` or `uint` stopped. */
let at = 0;

/**
 * The line memcached writes, its fields in their usual order, each number read while it is first
 * seen (a field-by-field parse passes over every byte twice and dispatches on every name); anything
 * else, or any number `Number()` might read differently, gives `undefined` and the general parse.
 */
function usualItem(b: Buffer, start: number, end: number): MetadumpItem | undefined {
  if (b[start] !== 107 || b[start + 1] !== 101 || b[start + 2] !== 121 || b[start + 3] !== 61) return undefined;
  let sp = start + 4;
  let pct = false;
  for (; sp < end; sp++) {
    const c = b[sp];
    if (c === 32) break;
    if (c === 37) pct = true;
  }
  if (!tag(b, sp, end, EXP)) return undefined;
  let exp: number;
  if (b[at] === 45 && b[at + 1] === 49 && (at + 2 === end || b[at + 2] === 32)) {
    exp = -1;
    at += 2;
  } else if ((exp = uint(b, at, end)) < 0) return undefined;
  if (!tag(b, at, end, LA)) return undefined;
  const la = uint(b, at, end);
  if (la < 0 || !tag(b, at, end, CAS)) return undefined;
  // A leading zero is kept as written: the general parse's decimalString keeps it.
  if (b[at] === 48 && b[at + 1] !== 32 && at + 1 !== end) return undefined;
  const cas = uint(b, at, end);
  if (cas < 0 || !tag(b, at, end, FETCH)) return undefined;
  let fetched: boolean;
  if (b[at] === 110 && b[at + 1] === 111 && (at + 2 === end || b[at + 2] === 32)) {
    fetched = false;
    at += 2;
  } else if (b[at] === 121 && b[at + 1] === 101 && b[at + 2] === 115 && (at + 3 === end || b[at + 3] === 32)) {
    fetched = true;
    at += 3;
  } else return undefined;
  if (!tag(b, at, end, CLS) || uint(b, at, end) < 0 || !tag(b, at, end, SIZE)) return undefined;
  const size = uint(b, at, end);
  if (size < 0) return undefined;
  const v = start + 4;
  const item: MetadumpItem = {
    // A view, not a copy: every chunk the dump arrives in is a fresh buffer, and keys live only as
    // long as their batch.
    key: pct ? percentDecode(b.toString('latin1', v, sp)) : b.subarray(v, sp),
    exp,
    la,
    cas: String(cas),
    fetched,
    size,
  };
  if (at === end || (at + 1 === end && b[at] === 32)) return item;
  if (!tag(b, at, end, FLAGS)) return undefined;
  const flags = uint(b, at, end);
  if (flags < 0 || !(at === end || (at + 1 === end && b[at] === 32))) return undefined;
  item.flags = flags;
  return item;
}

/** `t` at `b[p]`; `at` is past it. */
function tag(b: Buffer, p: number, end: number, t: Buffer): boolean {
  const n = t.length;
  if (p + n > end) return false;
  for (let i = 0; i < n; i++) if (b[p + i] !== t[i]) return false;
  at = p + n;
  return true;
}

/** 1 to 15 digits at `b[p]` ending at a space or `end`, else -1; `at` is past them. */
function uint(b: Buffer, p: number, end: number): number {
  const s = p;
  let n = 0;
  for (; p < end; p++) {
    const d = b[p]! - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (p === s || p - s > 15 || (p < end && b[p] !== 32)) return -1;
  at = p;
  return n;
}

function anyItem(b: Buffer, start: number, end: number): MetadumpItem {
  const item: MetadumpItem = { key: EMPTY, exp: -1, la: 0, cas: '0', fetched: false, size: 0 };
  // One pass in plain JS over the bytes: a native indexOf per field cost more than the parse itself.
  let p = start;
  while (p < end) {
    let eq = p;
    while (eq < end && b[eq] !== 61 && b[eq] !== 32) eq++;
    let sp = eq;
    // The key's bytes are seen here once, so its '%' check costs no second pass.
    let pct = false;
    for (; sp < end; sp++) {
      const c = b[sp];
      if (c === 32) break;
      if (c === 37) pct = true;
    }
    if (eq > p && eq < sp) {
      const v = eq + 1;
      const c0 = b[p];
      switch (eq - p) {
        case 2: // la
          if (c0 === 108 && b[p + 1] === 97) item.la = int(b, v, sp);
          break;
        case 3: // key exp cas (cls)
          if (c0 === 107 && b[p + 1] === 101 && b[p + 2] === 121)
            // A view, not a copy: every chunk the dump arrives in is a fresh buffer, and keys live
            // only as long as their batch.
            item.key = pct ? percentDecode(b.toString('latin1', v, sp)) : b.subarray(v, sp);
          else if (c0 === 101 && b[p + 1] === 120 && b[p + 2] === 112) item.exp = int(b, v, sp);
          else if (c0 === 99 && b[p + 1] === 97 && b[p + 2] === 115) item.cas = decimalString(b, v, sp);
          break;
        case 4: // size
          if (c0 === 115 && b[p + 1] === 105 && b[p + 2] === 122 && b[p + 3] === 101) item.size = int(b, v, sp);
          break;
        case 5: // fetch flags
          if (c0 === 102 && b[p + 1] === 101 && b[p + 2] === 116 && b[p + 3] === 99 && b[p + 4] === 104) {
            item.fetched = sp - v === 3 && b[v] === 121 && b[v + 1] === 101 && b[v + 2] === 115;
          } else if (c0 === 102 && b[p + 1] === 108 && b[p + 2] === 97 && b[p + 3] === 103 && b[p + 4] === 115)
            item.flags = int(b, v, sp);
          break;
      }
    }
    p = sp + 1;
  }
  return item;
}

/**
 * The bytes as a string, through a number when they are plain digits without a leading zero (a
 * CAS): String() of a small number costs a fraction of a Buffer slice to a string.
 */
function decimalString(b: Buffer, start: number, end: number): string {
  const len = end - start;
  if (len === 0 || len > 15 || (b[start] === 48 && len > 1)) return b.toString('latin1', start, end);
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return b.toString('latin1', start, end);
    n = n * 10 + d;
  }
  return String(n);
}

const EMPTY = Buffer.alloc(0);

/** A decimal field as `Number()` reads it; anything but [-]digits goes through `Number()` itself. */
function int(b: Buffer, start: number, end: number): number {
  let i = start;
  const neg = b[i] === 45;
  if (neg) i++;
  if (i >= end || end - i > 15) return Number(b.toString('latin1', start, end));
  let n = 0;
  for (; i < end; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return Number(b.toString('latin1', start, end));
    n = n * 10 + d;
  }
  return neg ? -n : n;
}

/** metadump URI-encodes keys byte by byte; decode to bytes (keys need not be UTF-8). */
export function percentDecode(s: string): Buffer {
  if (!s.includes('%')) return Buffer.from(s, 'latin1');
  const out = Buffer.allocUnsafe(s.length);
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 && i + 2 < s.length + 0 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out[o++] = parseInt(s.slice(i + 1, i + 3), 16);
      i += 2;
    } else out[o++] = c;
  }
  return out.subarray(0, o);
}
