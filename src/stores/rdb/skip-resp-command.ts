import { ensure, skipBytes, type ByteWindow, type Need } from './byte-window.js';
import { corrupt } from './rdb-error.js';

/** Longest header line of a RESP command taken as sane: `*` or `$`, up to 19 digits, CRLF. */
const MAX_LINE = 22;

/**
 * Steps over one RESP multi-bulk command (`*<argc>\r\n` then `$<len>\r\n<bytes>\r\n` per argument),
 * as valkey-io/valkey writes it after RDB_OPCODE_UPDATE (242) in a forkless save's replication
 * stream (writeReplicationData). Holds no argument bytes.
 */
export function* skipRespCommand(w: ByteWindow, recordStart: number): Generator<Need, void, unknown> {
  const argc = yield* readHeaderLine(w, 0x2a, recordStart); // '*'
  for (let i = 0; i < argc; i++) {
    const len = yield* readHeaderLine(w, 0x24, recordStart); // '$'
    yield* skipBytes(w, len, recordStart);
    const at = w.offset;
    yield* ensure(w, 2, recordStart);
    if (w.buf[w.pos] !== 0x0d || w.buf[w.pos + 1] !== 0x0a)
      throw corrupt('inline command argument not ended by CRLF', at);
    w.pos += 2;
  }
}

/** `<prefix><digits>\r\n` as a number. */
function* readHeaderLine(w: ByteWindow, prefix: number, recordStart: number): Generator<Need, number, unknown> {
  const at = w.offset;
  let n = 0;
  for (let i = 0; ; i++) {
    if (i >= MAX_LINE) throw corrupt('inline command header line is too long', at);
    yield* ensure(w, 1, recordStart);
    const b = w.buf[w.pos++]!;
    if (i === 0) {
      if (b !== prefix) throw corrupt(`inline command: expected '${String.fromCharCode(prefix)}', found byte ${b}`, at);
    } else if (b === 0x0d) {
      yield* ensure(w, 1, recordStart);
      if (w.buf[w.pos++] !== 0x0a || i === 1) throw corrupt('inline command header line is malformed', at);
      return n;
    } else if (b >= 0x30 && b <= 0x39) n = n * 10 + (b - 0x30);
    else throw corrupt(`inline command header line has byte ${b}`, at);
  }
}
