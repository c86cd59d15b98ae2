/**
 * Encodes "the same commands for every key" (PTTL k, OBJECT IDLETIME k, MGET k1 k2 …) as one RESP
 * request in latin1 text, a byte per character: the hot path of the scan. Joining strings (the
 * keys come straight from a SCAN reply, already in their RESP form) and the copy the socket write
 * makes of them cost about half of filling a Buffer byte by byte in JS, once the code is optimized;
 * in a fresh process scanning 200k keys the two cost the same.
 */
export interface KeyCommand {
  /** Text before the key: `*2\r\n$4\r\nPTTL\r\n`. */
  head: string;
  /** Text after the key's `\r\n`: e.g. `$7\r\nSAMPLES\r\n$1\r\n0\r\n`. */
  tail: string;
}

/** Template for `[...before, key, ...after]`. */
export function keyCommand(before: string[], after: string[] = []): KeyCommand {
  const n = before.length + 1 + after.length;
  const bulk = (a: string) => Buffer.from(`$${Buffer.byteLength(a)}\r\n${a}\r\n`).toString('latin1');
  return { head: `*${n}\r\n${before.map(bulk).join('')}`, tail: after.map(bulk).join('') };
}

/** `$<len>\r\n` by length: most keyspaces have a few key lengths. */
const headers: string[] = [];
const header = (len: number): string => (headers[len] ??= `$${len}\r\n`);

/**
 * Each key as a RESP bulk string, `$<len>\r\n<key>\r\n`, in latin1 text. Keys of one SCAN reply are
 * views of one buffer, each right after its own `$<len>\r\n`: then one read of the whole run gives
 * every key's RESP form, each checked to be its key's bytes and framing, not assumed.
 */
export function bulkKeys(keys: readonly Buffer[]): string[] {
  const out = new Array<string>(keys.length);
  if (!keys.length) return out;
  const first = keys[0]!;
  const last = keys[keys.length - 1]!;
  const start = first.byteOffset - header(first.length).length;
  const end = last.byteOffset + last.length + 2;
  const run =
    start >= 0 && end <= first.buffer.byteLength && last.buffer === first.buffer
      ? Buffer.from(first.buffer, start, end - start).toString('latin1')
      : '';
  let p = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const h = header(k.length);
    const keyAt = p + h.length;
    const next = keyAt + k.length + 2;
    if (
      run &&
      k.buffer === first.buffer &&
      k.byteOffset === start + keyAt &&
      run.startsWith(h, p) &&
      run.charCodeAt(next - 2) === 13 &&
      run.charCodeAt(next - 1) === 10
    ) {
      out[i] = run.slice(p, next);
      p = next;
    } else out[i] = `${h}${k.toString('latin1')}\r\n`;
  }
  return out;
}

/** Every command for every key, key by key: `commands[0] k1, commands[1] k1, …, commands[0] k2, …`. */
export function encodeKeyCommands(commands: readonly KeyCommand[], bulks: readonly string[]): string {
  let s = '';
  for (const b of bulks) for (const c of commands) s += c.head + b + c.tail;
  return s;
}

/** One variadic command over all keys: `MGET k1 k2 …`. */
export function encodeVariadic(name: string, bulks: readonly string[]): string {
  let s = `*${bulks.length + 1}\r\n${header(name.length)}${name}\r\n`;
  for (const b of bulks) s += b;
  return s;
}
