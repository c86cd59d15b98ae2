/**
 * LZF decompression (liblzf's format, which Redis uses for strings longer than 20 bytes when
 * rdbcompression is on). A control byte below 32 starts a literal run of ctrl+1 bytes; otherwise
 * its top three bits are a back-reference length (7 means "plus the next byte") and the low five,
 * with the next byte, a distance. Every bound is checked: the input comes from a file.
 *
 * @returns the decompressed bytes, or an error message when the data does not decode to exactly `outLen` bytes.
 */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer | string {
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  const inLen = input.length;
  while (ip < inLen) {
    const ctrl = input[ip++]!;
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (op + run > outLen) return 'LZF literal runs past the declared length';
      if (ip + run > inLen) return 'LZF literal runs past the compressed data';
      for (let k = 0; k < run; k++) out[op++] = input[ip++]!;
      continue;
    }
    let len = ctrl >> 5;
    let ref = op - ((ctrl & 0x1f) << 8) - 1;
    if (len === 7) {
      if (ip >= inLen) return 'LZF back-reference cut short';
      len += input[ip++]!;
    }
    if (ip >= inLen) return 'LZF back-reference cut short';
    ref -= input[ip++]!;
    len += 2;
    if (ref < 0) return 'LZF back-reference before the start';
    if (op + len > outLen) return 'LZF back-reference runs past the declared length';
    // Byte by byte on purpose: the source may overlap the bytes being written (run-length copies).
    for (let k = 0; k < len; k++) out[op++] = out[ref++]!;
  }
  return op === outLen ? out : `LZF data decodes to ${op} bytes, not the declared ${outLen}`;
}
