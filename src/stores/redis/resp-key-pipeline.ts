/**
 * Encodes "the same commands for every key" (PTTL k, OBJECT IDLETIME k, GET k …) as one RESP
 * buffer from precomputed byte templates: the hot path of the scan spends less time here than the
 * server spends executing the commands.
 */
export interface KeyCommand {
  /** Bytes before the key: `*2\r\n$4\r\nPTTL\r\n`. */
  head: Buffer;
  /** Bytes after the key's `\r\n`: e.g. `$7\r\nSAMPLES\r\n$1\r\n0\r\n`. */
  tail: Buffer;
}

/** Template for `[...before, key, ...after]`. */
export function keyCommand(before: string[], after: string[] = []): KeyCommand {
  const n = before.length + 1 + after.length;
  const bulk = (a: string) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return { head: Buffer.from(`*${n}\r\n${before.map(bulk).join('')}`), tail: Buffer.from(after.map(bulk).join('')) };
}

export function encodeKeyCommands(commands: readonly KeyCommand[], keys: readonly Buffer[]): Buffer {
  let fixed = 0;
  for (const c of commands) fixed += c.head.length + c.tail.length + 16;
  let size = 0;
  for (const k of keys) size += fixed + k.length * commands.length;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const k of keys) {
    const len = k.length;
    for (const c of commands) {
      o = copySmall(c.head, out, o);
      out[o++] = 36; // $
      o = writeInt(out, o, len);
      out[o++] = 13;
      out[o++] = 10;
      o = copySmall(k, out, o);
      out[o++] = 13;
      out[o++] = 10;
      if (c.tail.length) o = copySmall(c.tail, out, o);
    }
  }
  return out.subarray(0, o);
}

/** One variadic command over all `keys` (`MGET k1 k2 …`), appended to `before`'s bytes in one buffer. */
export function encodeVariadic(before: Buffer, name: string, keys: readonly Buffer[]): Buffer {
  const head = Buffer.from(`*${keys.length + 1}\r\n$${Buffer.byteLength(name)}\r\n${name}\r\n`);
  let size = before.length + head.length;
  for (const k of keys) size += k.length + 16;
  const out = Buffer.allocUnsafe(size);
  let o = before.copy(out, 0);
  o += head.copy(out, o);
  for (const k of keys) {
    out[o++] = 36; // $
    o = writeInt(out, o, k.length);
    out[o++] = 13;
    out[o++] = 10;
    o = copySmall(k, out, o);
    out[o++] = 13;
    out[o++] = 10;
  }
  return out.subarray(0, o);
}

function copySmall(src: Buffer, out: Buffer, o: number): number {
  // A byte loop beats Buffer#copy's native call for the short templates and keys of the hot path.
  if (src.length > 48) return o + src.copy(out, o);
  for (let i = 0; i < src.length; i++) out[o++] = src[i]!;
  return o;
}

function writeInt(out: Buffer, o: number, n: number): number {
  if (n < 10) out[o++] = 48 + n;
  else if (n < 100) {
    out[o++] = 48 + Math.floor(n / 10);
    out[o++] = 48 + (n % 10);
  } else {
    const s = String(n);
    for (let i = 0; i < s.length; i++) out[o++] = s.charCodeAt(i);
  }
  return o;
}
