/**
 * An incremental RESP2 reply parser for the scan's hot path. ioredis builds a Command object and
 * promise per command, which caps a 3-command-per-key pipeline near 75k keys/s (research notes
 * §2.5); this parser hands back plain values and costs a few allocations per reply.
 */
export class RespError {
  constructor(readonly message: string) {}
}

export type RespReply = null | number | string | Buffer | RespError | RespReply[];

/** Needed to tell "incomplete" from a null reply. */
const INCOMPLETE = Symbol('incomplete');
/** An array header was read: its elements follow. */
const OPENED = Symbol('opened');

/** An array still being filled: a reply split across socket reads resumes here. */
interface Frame {
  out: RespReply[];
  filled: number;
}

export class RespParser {
  #buf: Buffer = Buffer.alloc(0);
  #pos = 0;
  /** Arrays opened and not yet complete, outermost first. */
  #open: Frame[] = [];
  /** The number on the line just read by #line. */
  #n = 0;

  /**
   * Feeds a chunk and calls `onReply` for each complete reply. An array split across chunks keeps
   * the elements already read: a batch's reply of a thousand values spans several socket reads,
   * and reading it again from its start at each one cost as much as reading it.
   */
  feed(chunk: Buffer, onReply: (reply: RespReply) => void): void {
    this.#buf = this.#pos < this.#buf.length ? Buffer.concat([this.#buf.subarray(this.#pos), chunk]) : chunk;
    this.#pos = 0;
    const open = this.#open;
    for (;;) {
      let value = this.#next();
      if (value === INCOMPLETE) return;
      if (value === OPENED) continue;
      for (;;) {
        const top = open[open.length - 1];
        if (!top) {
          onReply(value);
          break;
        }
        top.out[top.filled++] = value;
        if (top.filled < top.out.length) break;
        open.pop();
        value = top.out;
      }
    }
  }

  /**
   * The end of the line that starts at #pos (the index of its CR), with its number in #n; -1 when
   * the line is not all here. A loop in JS: these lines are a few bytes, and Buffer#indexOf is a
   * native call per reply.
   */
  #line(): number {
    const b = this.#buf;
    const len = b.length;
    let i = this.#pos + 1;
    let n = 0;
    let neg = false;
    if (i < len && b[i] === 45) {
      neg = true;
      i++;
    }
    for (; i < len; i++) {
      const c = b[i]!;
      if (c === 13) break;
      n = n * 10 + (c - 48);
    }
    if (i + 1 >= len) return -1;
    this.#n = neg ? -n : n;
    return i;
  }

  /** One scalar reply, or the header of an array (OPENED), from #pos. */
  #next(): RespReply | typeof INCOMPLETE | typeof OPENED {
    const b = this.#buf;
    const pos = this.#pos;
    if (pos >= b.length) return INCOMPLETE;
    const type = b[pos]!;
    if (type === 43 || type === 45) {
      // + and -: text, not a number
      const end = b.indexOf(13, pos);
      if (end < 0 || end + 1 >= b.length) return INCOMPLETE;
      this.#pos = end + 2;
      return type === 43 ? b.toString('latin1', pos + 1, end) : new RespError(b.toString('utf8', pos + 1, end));
    }
    const end = this.#line();
    if (end < 0) return INCOMPLETE;
    const n = this.#n;
    switch (type) {
      case 58: // :
        this.#pos = end + 2;
        return n;
      case 36: {
        // $
        if (n < 0) {
          this.#pos = end + 2;
          return null;
        }
        const dataStart = end + 2;
        if (dataStart + n + 2 > b.length) return INCOMPLETE;
        this.#pos = dataStart + n + 2;
        return b.subarray(dataStart, dataStart + n);
      }
      case 42: // *
        this.#pos = end + 2;
        if (n < 0) return null;
        if (n === 0) return [];
        this.#open.push({ out: new Array<RespReply>(n), filled: 0 });
        return OPENED;
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
