/**
 * An incremental RESP2 reply parser for the scan's hot path. ioredis builds a Command object and
 * promise per command, which caps a 3-command-per-key pipeline near 75k keys/s (research notes
 * §2.5); this parser hands back plain values and costs a few allocations per reply.
 */
export class RespError {
  constructor(readonly message: string) {}
}

export type RespReply = null | number | string | Buffer | RespError | RespReply[];

const CR = 13;

/** Needed to tell "incomplete" from a null reply. */
const INCOMPLETE = Symbol('incomplete');

export class RespParser {
  #buf: Buffer = Buffer.alloc(0);
  #pos = 0;

  /** Feeds a chunk and calls `onReply` for each complete reply. */
  feed(chunk: Buffer, onReply: (reply: RespReply) => void): void {
    if (this.#pos < this.#buf.length) {
      this.#buf = Buffer.concat([this.#buf.subarray(this.#pos), chunk]);
    } else {
      this.#buf = chunk;
    }
    this.#pos = 0;
    for (;;) {
      const start = this.#pos;
      const reply = this.#parse();
      if (reply === INCOMPLETE) {
        this.#pos = start;
        break;
      }
      onReply(reply);
    }
  }

  #line(): number {
    const i = this.#buf.indexOf(CR, this.#pos);
    return i < 0 || i + 1 >= this.#buf.length ? -1 : i;
  }

  #int(from: number, to: number): number {
    // Hand-rolled: Number(buf.toString()) allocates a string per reply.
    const b = this.#buf;
    let n = 0;
    let neg = false;
    let i = from;
    if (b[i] === 45) {
      neg = true;
      i++;
    }
    for (; i < to; i++) n = n * 10 + (b[i]! - 48);
    return neg ? -n : n;
  }

  #parse(): RespReply | typeof INCOMPLETE {
    const b = this.#buf;
    if (this.#pos >= b.length) return INCOMPLETE;
    const type = b[this.#pos]!;
    const end = this.#line();
    if (end < 0) return INCOMPLETE;
    const from = this.#pos + 1;
    switch (type) {
      case 43: // +
        this.#pos = end + 2;
        return b.toString('latin1', from, end);
      case 45: // -
        this.#pos = end + 2;
        return new RespError(b.toString('utf8', from, end));
      case 58: // :
        this.#pos = end + 2;
        return this.#int(from, end);
      case 36: {
        // $
        const len = this.#int(from, end);
        if (len < 0) {
          this.#pos = end + 2;
          return null;
        }
        const dataStart = end + 2;
        if (dataStart + len + 2 > b.length) return INCOMPLETE;
        this.#pos = dataStart + len + 2;
        return b.subarray(dataStart, dataStart + len);
      }
      case 42: {
        // *
        const n = this.#int(from, end);
        this.#pos = end + 2;
        if (n < 0) return null;
        const out: RespReply[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const r = this.#parse();
          if (r === INCOMPLETE) return INCOMPLETE;
          out[i] = r;
        }
        return out;
      }
      default:
        throw new Error(`unexpected RESP type byte 0x${type.toString(16)}`);
    }
  }
}

/** Encodes commands as one RESP buffer (a pipeline), writing bytes directly: template strings per argument cost more than the server's work. */
export function encodeCommands(commands: ReadonlyArray<ReadonlyArray<string | Buffer>>): Buffer {
  let size = 0;
  for (const cmd of commands) {
    size += 16;
    for (const a of cmd) size += 16 + (typeof a === 'string' ? a.length * 3 : a.length);
  }
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const cmd of commands) {
    out[o++] = 42; // *
    o = writeInt(out, o, cmd.length);
    out[o++] = 13;
    out[o++] = 10;
    for (const a of cmd) {
      out[o++] = 36; // $
      if (typeof a === 'string') {
        if (isAscii(a)) {
          o = writeInt(out, o, a.length);
          out[o++] = 13;
          out[o++] = 10;
          for (let i = 0; i < a.length; i++) out[o++] = a.charCodeAt(i);
        } else {
          const b = Buffer.from(a, 'utf8');
          o = writeInt(out, o, b.length);
          out[o++] = 13;
          out[o++] = 10;
          o += b.copy(out, o);
        }
      } else {
        o = writeInt(out, o, a.length);
        out[o++] = 13;
        out[o++] = 10;
        if (a.length < 64) for (let i = 0; i < a.length; i++) out[o++] = a[i]!;
        else o += a.copy(out, o);
      }
      out[o++] = 13;
      out[o++] = 10;
    }
  }
  return out.subarray(0, o);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

function writeInt(out: Buffer, o: number, n: number): number {
  if (n < 10) {
    out[o++] = 48 + n;
    return o;
  }
  const start = o;
  while (n > 0) {
    out[o++] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  // digits were written in reverse
  for (let i = start, j = o - 1; i < j; i++, j--) {
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return o;
}
