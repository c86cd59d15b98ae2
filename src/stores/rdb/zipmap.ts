/**
 * Zipmap pairs (redis `src/zipmap.c`, hashes written by Redis < 2.6): a count byte, then
 * length-prefixed field, length-prefixed value with a free-space byte and that many unused
 * bytes, then 0xFF. A length byte of 254 means a 4-byte little-endian length follows.
 *
 * @returns field, value, field, value…, or an error message.
 */
export function zipmapEntries(zm: Buffer): Buffer[] | string {
  const out: Buffer[] = [];
  let p = 1;
  for (;;) {
    if (p >= zm.length) return 'zipmap has no end marker';
    if (zm[p] === 0xff) break;
    const field = lengthAt(zm, p);
    if (typeof field === 'string') return field;
    const [flen, fstart] = field;
    if (fstart + flen > zm.length) return 'zipmap field runs past the end';
    out.push(Buffer.from(zm.subarray(fstart, fstart + flen)));
    const value = lengthAt(zm, fstart + flen);
    if (typeof value === 'string') return value;
    const [vlen, vfree] = value;
    if (vfree >= zm.length) return 'zipmap value runs past the end';
    const free = zm[vfree]!;
    const vstart = vfree + 1;
    if (vstart + vlen + free > zm.length) return 'zipmap value runs past the end';
    out.push(Buffer.from(zm.subarray(vstart, vstart + vlen)));
    p = vstart + vlen + free;
  }
  return p === zm.length - 1 ? out : 'zipmap end marker before its end';
}

function lengthAt(zm: Buffer, p: number): [number, number] | string {
  if (p >= zm.length) return 'zipmap length runs past the end';
  const b = zm[p]!;
  if (b < 254) return [b, p + 1];
  if (b === 254 && p + 5 <= zm.length) return [zm.readUInt32LE(p + 1), p + 5];
  return 'zipmap length runs past the end';
}
