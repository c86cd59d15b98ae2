import { connect, type Socket } from 'node:net';
import { SessctlError } from '../../errors.js';

export interface MetaReply {
  /** `VA`, `HD`, `EN`, `NF`, `NS`, `EX`, `MN`, or an error word (`ERROR`, `CLIENT_ERROR`, `SERVER_ERROR`). */
  status: string;
  /** Returned flags, e.g. `{ f: '0', t: '-1', c: '123' }`. */
  flags: Record<string, string>;
  value?: Buffer;
  /** `VA <size>`: the value's length. */
  size?: number;
  /** The rest of an error line. */
  message?: string;
}

/**
 * One `mg` reply as the scan's hot path reads it, parsed in place from the socket's bytes: one
 * object reused for every reply, valid only during the callback that receives it.
 */
export interface MetaHit {
  /** `VA` or `HD`: the item is there (`EN`, and an error line, are not). */
  hit: boolean;
  /** `VA`'s value: a view of the socket's bytes. */
  value: Buffer | undefined;
  /** The `f` flag (client flags), when returned. */
  flags: number | undefined;
  /** The `c` flag (CAS) is bytes [casStart, casEnd) of `buf`; casStart < 0 when not returned. */
  buf: Buffer;
  casStart: number;
  casEnd: number;
}

type Mode = 'meta' | 'hits' | 'stats' | 'line';
type Pending = {
  mode: Mode;
  resolve: (r: MetaReply[] | string[]) => void;
  reject: (e: Error) => void;
  lines?: string[];
  /** meta and hits: replies still expected for one pipeline; meta: those received. */
  left?: number;
  replies?: MetaReply[];
  /** hits: called once per reply, in order. */
  onHit?: (hit: MetaHit) => void;
};

const CRLF = Buffer.from('\r\n');
const EMPTY = Buffer.alloc(0);

/**
 * A small memcached text/meta-protocol client (memjs speaks only the deprecated binary protocol and
 * has no meta commands, lru_crawler or CAS delete). One request per reply, strictly in order, so
 * `mg` pipelines need no opaque tokens.
 */
export class MemcachedConnection {
  readonly id: string;
  #socket: Socket | undefined;
  /** Bytes not parsed yet: the start of a reply that is not whole, in the chunks it came in. */
  #rest: Buffer[] = [];
  #restLength = 0;
  /** How long that reply is in all, once its `VA <size>` header is whole; else 0. */
  #restNeeds = 0;
  #pending: Pending[] = [];

  private constructor(
    readonly host: string,
    readonly port: number,
    readonly connectTimeoutMs: number,
  ) {
    this.id = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  static async open(host: string, port: number, connectTimeoutMs = 5000): Promise<MemcachedConnection> {
    const c = new MemcachedConnection(host, port, connectTimeoutMs);
    await c.reconnect();
    return c;
  }

  get connected(): boolean {
    return this.#socket !== undefined && !this.#socket.destroyed;
  }

  /** A second connection to the same server (metadump needs one to itself). */
  clone(): Promise<MemcachedConnection> {
    return MemcachedConnection.open(this.host, this.port, this.connectTimeoutMs);
  }

  /** The raw socket, for a caller that takes it over (metadump). */
  get socket(): Socket | undefined {
    return this.#socket;
  }

  async reconnect(): Promise<void> {
    if (this.#socket) {
      this.#socket.destroy();
      this.#failAll(new Error('reconnecting'));
    }
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: this.host, port: this.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(memcachedUnreachable(this.id, new Error(`timed out after ${this.connectTimeoutMs} ms`)));
      }, this.connectTimeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(memcachedUnreachable(this.id, err));
      });
    });
    socket.setNoDelay(true);
    this.#rest = [];
    this.#restLength = this.#restNeeds = 0;
    socket.on('data', (chunk: Buffer) => this.#socket === socket && this.#onData(chunk));
    const fail = (err: Error) => this.#socket === socket && this.#failAll(err);
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
    this.#socket = socket;
  }

  #failAll(err: Error): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const p of pending)
      p.reject(
        new SessctlError('SESSCTL_STORE_ERROR', `connection to memcached ${this.id} dropped: ${err.message}`, {
          cause: err,
        }),
      );
  }

  #onData(chunk: Buffer): void {
    let b = chunk;
    let pos = 0;
    if (this.#restLength) {
      const needs = this.#restNeeds;
      if (needs && this.#restLength + chunk.length < needs) {
        // A value still arriving: keep its chunks and join them once (joining at every chunk
        // copied a large value over and over).
        this.#rest.push(chunk);
        this.#restLength += chunk.length;
        return;
      }
      const rest = this.#rest;
      const take = needs > this.#restLength ? needs - this.#restLength : chunk.length;
      rest.push(take === chunk.length ? chunk : chunk.subarray(0, take));
      const head = Buffer.concat(rest, this.#restLength + take);
      this.#rest = [];
      this.#restLength = this.#restNeeds = 0;
      // The reply that was cut is completed with just the bytes it lacks; the rest of the chunk is
      // parsed where it lies (joining it all copied every byte of the payloads once more).
      const used = this.#parse(head, 0);
      if (take === chunk.length || used < head.length) {
        b = take === chunk.length ? head : Buffer.concat([head.subarray(used), chunk.subarray(take)]);
        pos = take === chunk.length ? used : 0;
      } else pos = take;
    }
    pos = this.#parse(b, pos);
    if (pos < b.length) {
      const rest = b.subarray(pos);
      this.#rest = [rest];
      this.#restLength = rest.length;
      this.#restNeeds = replyLength(rest);
    }
  }

  /** Parses the replies in `b` from `pos` for the pending requests; returns where it stopped. */
  #parse(b: Buffer, pos: number): number {
    while (this.#pending.length) {
      const p = this.#pending[0]!;
      if (p.mode === 'hits') {
        const next = this.#hit(b, pos, p);
        if (next < 0) break;
        pos = next;
        if (--p.left! === 0) {
          this.#pending.shift();
          p.resolve([]);
        }
        continue;
      }
      const eol = b.indexOf(CRLF, pos);
      if (eol < 0) break;
      const line = b.toString('latin1', pos, eol);
      if (p.mode === 'stats') {
        pos = eol + 2;
        if (line === 'END' || /^(ERROR|CLIENT_ERROR|SERVER_ERROR)/.test(line)) {
          this.#pending.shift();
          if (line === 'END') p.resolve(p.lines ?? []);
          else p.reject(new SessctlError('SESSCTL_STORE_ERROR', `memcached ${this.id}: ${line}`));
        } else (p.lines ??= []).push(line);
        continue;
      }
      if (p.mode === 'line') {
        pos = eol + 2;
        this.#pending.shift();
        p.resolve([line]);
        continue;
      }
      const reply = parseMetaHeader(line);
      if (reply.status === 'VA') {
        const len = reply.size!;
        if (eol + 2 + len + 2 > b.length) break;
        // A view, not a copy: the value lives as long as its batch, and so may the chunk.
        reply.value = b.subarray(eol + 2, eol + 2 + len);
        pos = eol + 2 + len + 2;
      } else pos = eol + 2;
      p.replies!.push(reply);
      if (--p.left! === 0) {
        this.#pending.shift();
        p.resolve(p.replies!);
      }
    }
    return pos;
  }

  readonly #scratch: MetaHit = { hit: false, value: undefined, flags: undefined, buf: EMPTY, casStart: -1, casEnd: -1 };

  /**
   * Parses the `mg` reply at `pos` into the scratch hit and hands it on; returns where the next
   * reply starts, or -1 while the reply is incomplete. Bytes, not a string per line: at 500k
   * replies a second the line strings, their split and the flag objects cost more than the reads.
   */
  #hit(b: Buffer, pos: number, p: Pending): number {
    let eol = -1;
    for (let i = pos; i + 1 < b.length; i++)
      if (b[i] === 13 && b[i + 1] === 10) {
        eol = i;
        break;
      }
    if (eol < 0) return -1;
    const h = this.#scratch;
    h.hit = false;
    h.value = undefined;
    h.flags = undefined;
    h.buf = b;
    h.casStart = -1;
    let next = eol + 2;
    let t = pos + 2;
    if (b[pos] === 86 && b[pos + 1] === 65 && b[t] === 32) {
      // VA <size> <flags>*
      let size = 0;
      for (t++; t < eol && b[t] !== 32; t++) size = size * 10 + b[t]! - 48;
      if (next + size + 2 > b.length) return -1;
      h.hit = true;
      h.value = b.subarray(next, next + size);
      next += size + 2;
    } else if (b[pos] === 72 && b[pos + 1] === 68 && (t === eol || b[t] === 32)) h.hit = true;
    if (h.hit) {
      while (t < eol) {
        const start = ++t; // past the space
        while (t < eol && b[t] !== 32) t++;
        if (b[start] === 102) h.flags = digits(b, start + 1, t);
        else if (b[start] === 99) {
          h.casStart = start + 1;
          h.casEnd = t;
        }
      }
    }
    p.onHit!(h);
    return next;
  }

  #send(data: Buffer | string, entries: Pending[]): void {
    const socket = this.#socket;
    if (!socket || socket.destroyed) {
      for (const e of entries)
        e.reject(new SessctlError('SESSCTL_STORE_ERROR', `connection to memcached ${this.id} is closed`));
      return;
    }
    this.#pending.push(...entries);
    socket.write(data);
  }

  /** Sends meta commands (`mg …`, `md …`, `mn`) in one write; resolves with one reply per command, in order. */
  meta(commands: Array<Buffer | string>): Promise<MetaReply[]> {
    if (!commands.length) return Promise.resolve([]);
    const parts: Buffer[] = [];
    for (const c of commands) parts.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c, CRLF);
    return new Promise<MetaReply[] | string[]>((resolve, reject) => {
      this.#send(Buffer.concat(parts), [{ mode: 'meta', resolve, reject, left: commands.length, replies: [] }]);
    }) as Promise<MetaReply[]>;
  }

  /** Like `meta`, for `count` commands already encoded with their CRLFs (the scan's hot path). */
  metaEncoded(encoded: Buffer, count: number): Promise<MetaReply[]> {
    if (!count) return Promise.resolve([]);
    return new Promise<MetaReply[] | string[]>((resolve, reject) => {
      this.#send(encoded, [{ mode: 'meta', resolve, reject, left: count, replies: [] }]);
    }) as Promise<MetaReply[]>;
  }

  /**
   * Sends `count` `mg` commands already encoded with their CRLFs, and hands each reply to `onHit`
   * as it is parsed, in order (the scan's hot path: no reply objects). Resolves after the last.
   */
  metaHits(encoded: Buffer, count: number, onHit: (hit: MetaHit) => void): Promise<void> {
    if (!count) return Promise.resolve();
    return new Promise<MetaReply[] | string[]>((resolve, reject) => {
      this.#send(encoded, [{ mode: 'hits', resolve, reject, left: count, onHit }]);
    }).then(() => undefined);
  }

  /** `stats [group]` as a map. */
  stats(group = ''): Promise<Map<string, string>> {
    return new Promise<string[]>((resolve, reject) => {
      this.#send(`stats${group ? ` ${group}` : ''}\r\n`, [
        { mode: 'stats', resolve: resolve as Pending['resolve'], reject },
      ]);
    }).then((lines) => {
      const out = new Map<string, string>();
      for (const l of lines) {
        const m = /^STAT (\S+) (.*)$/.exec(l);
        if (m) out.set(m[1]!, m[2]!);
      }
      return out;
    });
  }

  /** One command with a one-line reply (`version`, `lru_crawler …` set-up). */
  line(command: string): Promise<string> {
    return new Promise<string[]>((resolve, reject) => {
      this.#send(`${command}\r\n`, [{ mode: 'line', resolve: resolve as Pending['resolve'], reject }]);
    }).then((l) => l[0] ?? '');
  }

  close(): void {
    this.#socket?.end();
    this.#socket?.destroy();
    this.#socket = undefined;
  }
}

function parseMetaHeader(line: string): MetaReply {
  const sp = line.indexOf(' ');
  const status = sp < 0 ? line : line.slice(0, sp);
  if (status === 'ERROR' || status === 'CLIENT_ERROR' || status === 'SERVER_ERROR') {
    return { status, flags: {}, message: sp < 0 ? '' : line.slice(sp + 1) };
  }
  const reply: MetaReply = { status, flags: {} };
  let start = sp + 1;
  if (sp < 0) return reply;
  if (status === 'VA') {
    let end = line.indexOf(' ', start);
    if (end < 0) end = line.length;
    reply.size = Number(line.slice(start, end));
    start = end + 1;
  }
  while (start < line.length) {
    let end = line.indexOf(' ', start);
    if (end < 0) end = line.length;
    if (end > start) reply.flags[line[start]!] = line.slice(start + 1, end);
    start = end + 1;
  }
  return reply;
}

/** The whole length of the `VA <size> …` reply that `b` starts, once its header line is whole; else 0. */
function replyLength(b: Buffer): number {
  if (b[0] !== 86 || b[1] !== 65 || b[2] !== 32) return 0;
  let size = 0;
  let i = 3;
  for (; i < b.length && b[i] !== 32 && b[i] !== 13; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return 0;
    size = size * 10 + d;
  }
  const eol = b.indexOf(CRLF, i);
  return eol < 0 ? 0 : eol + 2 + size + 2;
}

/** A decimal as `Number()` reads it; anything but digits goes through `Number()` itself. */
function digits(b: Buffer, start: number, end: number): number {
  if (end === start || end - start > 15) return Number(b.toString('latin1', start, end));
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return Number(b.toString('latin1', start, end));
    n = n * 10 + d;
  }
  return n;
}

export function memcachedUnreachable(id: string, cause: Error & { code?: string }): SessctlError {
  const why =
    cause.code === 'ECONNREFUSED'
      ? 'connection refused'
      : cause.code === 'ENOTFOUND'
        ? 'host not found'
        : cause.message;
  return new SessctlError('SESSCTL_STORE_UNREACHABLE', `cannot connect to memcached ${id}: ${why}`, {
    cause,
    hint: 'check the host and port, and that memcached is running',
  });
}

/**
 * `mg <key><tail>` for each key, straight into one buffer: building a string per command cost more
 * than the server's work. Keys that cannot go on the wire as they are go as base64 with `b`, as
 * metaKey decides. `tail` holds the flags and the CRLF (` v f c u\r\n`).
 */
export function encodeMetaGets(keys: readonly Buffer[], tail: string): Buffer {
  const t = Buffer.from(tail, 'latin1');
  let size = 0;
  for (const k of keys) size += 6 + Math.ceil(k.length / 3) * 4 + t.length;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const k of keys) {
    out[o++] = 109; // m
    out[o++] = 103; // g
    out[o++] = 32;
    // Copied while checked: one pass over a plain key (the usual one), and base64 only if not.
    const at = o;
    let plain = k.length > 0 && k.length <= 250;
    for (let i = 0; plain && i < k.length; i++) {
      const c = k[i]!;
      if (c <= 32 || c >= 127) plain = false;
      else out[o++] = c;
    }
    if (!plain) {
      o = at + out.write(k.toString('base64'), at, 'latin1');
      out[o++] = 32;
      out[o++] = 98; // b
    }
    for (let i = 0; i < t.length; i++) out[o++] = t[i]!;
  }
  return out.subarray(0, o);
}

function plainKey(key: Buffer): boolean {
  if (key.length === 0 || key.length > 250) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}

/** A key as it goes on the wire in a meta command: as-is when it is plain ASCII, else base64 with the `b` flag. */
export function metaKey(key: Buffer): { token: string; base64: boolean } {
  return plainKey(key)
    ? { token: key.toString('latin1'), base64: false }
    : { token: key.toString('base64'), base64: true };
}
