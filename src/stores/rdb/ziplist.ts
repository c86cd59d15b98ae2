/**
 * Ziplist entries (redis `src/ziplist.c`, written by Redis < 7.0): an 10-byte header, then
 * entries of previous-length + encoding + data, then 0xFF. Integers come back as decimal text.
 *
 * @returns the entries, or an error message.
 */
export function ziplistEntries(zl: Buffer): Buffer[] | string {
  if (zl.length < 11) return 'ziplist shorter than its header';
  if (zl.readUInt32LE(0) !== zl.length) return 'ziplist size field disagrees with its length';
  const out: Buffer[] = [];
  let p = 10;
  for (;;) {
    if (p >= zl.length) return 'ziplist has no end marker';
    if (zl[p] === 0xff) break;
    p += zl[p] === 0xfe ? 5 : 1;
    if (p >= zl.length) return 'ziplist entry runs past the end';
    const b = zl[p]!;
    let len: number;
    if (b >> 6 === 0) {
      len = b & 0x3f;
      p += 1;
    } else if (b >> 6 === 1) {
      if (p + 2 > zl.length) return 'ziplist entry runs past the end';
      len = ((b & 0x3f) << 8) | zl[p + 1]!;
      p += 2;
    } else if (b === 0x80) {
      if (p + 5 > zl.length) return 'ziplist entry runs past the end';
      len = zl.readUInt32BE(p + 1);
      p += 5;
    } else {
      const r = intEntry(zl, p, b);
      if (typeof r === 'string') return r;
      out.push(Buffer.from(String(r[0])));
      p = r[1];
      continue;
    }
    if (p + len > zl.length) return 'ziplist string runs past the end';
    out.push(Buffer.from(zl.subarray(p, p + len)));
    p += len;
  }
  if (p !== zl.length - 1) return 'ziplist end marker before its end';
  return out;
}

function intEntry(zl: Buffer, p: number, b: number): [number | bigint, number] | string {
  if (b >= 0xf1 && b <= 0xfd) return [(b & 0x0f) - 1, p + 1];
  const size = b === 0xc0 ? 2 : b === 0xd0 ? 4 : b === 0xe0 ? 8 : b === 0xf0 ? 3 : b === 0xfe ? 1 : -1;
  if (size < 0) return `unknown ziplist encoding 0x${b.toString(16)}`;
  if (p + 1 + size > zl.length) return 'ziplist integer runs past the end';
  const v = size === 8 ? zl.readBigInt64LE(p + 1) : zl.readIntLE(p + 1, size);
  return [v, p + 1 + size];
}
