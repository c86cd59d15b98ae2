/**
 * Listpack entries (redis `src/listpack.c`): a 6-byte header (total bytes, element count), then
 * entries of encoding + data + a backward length, then 0xFF. Integers come back as their decimal
 * text, the way the server returns them. Every read is bounds-checked: the blob comes from a file.
 *
 * @returns the entries, or an error message.
 */
export function listpackEntries(lp: Buffer): Buffer[] | string {
  if (lp.length < 7) return 'listpack shorter than its header';
  if (lp.readUInt32LE(0) !== lp.length) return 'listpack size field disagrees with its length';
  const out: Buffer[] = [];
  let p = 6;
  for (;;) {
    if (p >= lp.length) return 'listpack has no end marker';
    const b = lp[p]!;
    if (b === 0xff) break;
    const start = p;
    let value: Buffer;
    if (b < 0x80) {
      value = Buffer.from(String(b));
      p += 1;
    } else if (b >> 6 === 2) {
      const len = b & 0x3f;
      if (p + 1 + len > lp.length) return 'listpack string runs past the end';
      value = Buffer.from(lp.subarray(p + 1, p + 1 + len));
      p += 1 + len;
    } else if (b >> 5 === 6) {
      if (p + 2 > lp.length) return 'listpack integer runs past the end';
      let v = ((b & 0x1f) << 8) | lp[p + 1]!;
      if (v >= 1 << 12) v -= 1 << 13;
      value = Buffer.from(String(v));
      p += 2;
    } else if (b >> 4 === 0xe) {
      if (p + 2 > lp.length) return 'listpack string runs past the end';
      const len = ((b & 0x0f) << 8) | lp[p + 1]!;
      if (p + 2 + len > lp.length) return 'listpack string runs past the end';
      value = Buffer.from(lp.subarray(p + 2, p + 2 + len));
      p += 2 + len;
    } else {
      const r = wideEntry(lp, p, b);
      if (typeof r === 'string') return r;
      [value, p] = r;
    }
    const backlen = backlenSize(p - start);
    if (p + backlen > lp.length) return 'listpack entry length runs past the end';
    p += backlen;
    out.push(value);
  }
  if (p !== lp.length - 1) return 'listpack end marker before its end';
  return out;
}

/** The 32-bit string and 16/24/32/64-bit integer encodings (first byte 0xF0–0xF4). */
function wideEntry(lp: Buffer, p: number, b: number): [Buffer, number] | string {
  const size = b === 0xf0 ? 4 : b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : b === 0xf4 ? 8 : -1;
  if (size < 0) return `unknown listpack encoding 0x${b.toString(16)}`;
  if (p + 1 + size > lp.length) return 'listpack entry runs past the end';
  if (b === 0xf0) {
    const len = lp.readUInt32LE(p + 1);
    if (p + 5 + len > lp.length) return 'listpack string runs past the end';
    return [Buffer.from(lp.subarray(p + 5, p + 5 + len)), p + 5 + len];
  }
  const v = b === 0xf4 ? lp.readBigInt64LE(p + 1) : lp.readIntLE(p + 1, size);
  return [Buffer.from(String(v)), p + 1 + size];
}

/** Bytes of the backward length that follows an entry of `len` bytes. */
function backlenSize(len: number): number {
  return len <= 127 ? 1 : len < 16383 ? 2 : len < 2097151 ? 3 : len < 268435455 ? 4 : 5;
}
