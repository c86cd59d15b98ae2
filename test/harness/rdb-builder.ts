/**
 * Builds RDB dumps byte by byte from the format in redis/redis and valkey-io/valkey `src/rdb.h`
 * and `rdb.c`, for the versions no installed server writes (12, 13, 80, 81) and for fuzzing.
 * Its CRC is a bit-by-bit BigInt implementation, independent of the parser's table-driven one.
 */
export class RdbBuilder {
  private readonly parts: Buffer[] = [];

  constructor(magic: 'REDIS' | 'VALKEY', version: number) {
    this.raw(
      Buffer.from(
        magic === 'REDIS' ? `REDIS${String(version).padStart(4, '0')}` : `VALKEY${String(version).padStart(3, '0')}`,
        'latin1',
      ),
    );
  }

  raw(bytes: Buffer | number[]): this {
    this.parts.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
    return this;
  }

  byte(b: number): this {
    return this.raw([b]);
  }

  len(n: number | bigint): this {
    const v = BigInt(n);
    if (v < 64n) return this.raw([Number(v)]);
    if (v < 16384n) return this.raw([0x40 | Number(v >> 8n), Number(v & 0xffn)]);
    if (v <= 0xffffffffn) {
      const b = Buffer.alloc(5);
      b[0] = 0x80;
      b.writeUInt32BE(Number(v), 1);
      return this.raw(b);
    }
    const b = Buffer.alloc(9);
    b[0] = 0x81;
    b.writeBigUInt64BE(v, 1);
    return this.raw(b);
  }

  str(s: string | Buffer): this {
    const b = typeof s === 'string' ? Buffer.from(s) : s;
    return this.len(b.length).raw(b);
  }

  /** An integer-encoded string: 0xC0/C1/C2 then 1, 2 or 4 little-endian bytes. */
  intStr(v: number): this {
    if (v >= -128 && v <= 127) return this.raw([0xc0, v & 0xff]);
    const b = Buffer.alloc(v >= -32768 && v <= 32767 ? 3 : 5);
    b[0] = b.length === 3 ? 0xc1 : 0xc2;
    b.writeIntLE(v, 1, b.length - 1);
    return this.raw(b);
  }

  /** An LZF string built from `compressed` (already LZF bytes) that expands to `length`. */
  lzfStr(compressed: Buffer, length: number): this {
    return this.byte(0xc3).len(compressed.length).len(length).raw(compressed);
  }

  int64(n: number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(n));
    return this.raw(b);
  }

  aux(key: string, value: string): this {
    return this.byte(250).str(key).str(value);
  }

  selectDb(db: number): this {
    return this.byte(254).len(db);
  }

  resizeDb(keys: number, expires: number): this {
    return this.byte(251).len(keys).len(expires);
  }

  expireMs(at: number): this {
    return this.byte(252).int64(at);
  }

  string(key: string, value: string): this {
    return this.byte(0).str(key).str(value);
  }

  /** EOF, then the CRC-64 of everything so far (or eight zero bytes: checksum disabled). */
  end(checksum = true): Buffer {
    this.byte(255);
    const body = Buffer.concat(this.parts);
    const crc = Buffer.alloc(8);
    if (checksum) crc.writeBigUInt64LE(crc64Reference(body));
    return Buffer.concat([body, crc]);
  }
}

/** A listpack of strings and small integers (redis listpack.c encodings 7-bit uint, 6/12-bit string, 13/16-bit int). */
export function listpack(entries: Array<string | number>): Buffer {
  const body: Buffer[] = [];
  for (const e of entries) {
    let enc: Buffer;
    if (typeof e === 'number' && e >= 0 && e <= 127) enc = Buffer.from([e]);
    else if (typeof e === 'number' && e >= -4096 && e <= 4095) enc = Buffer.from([0xc0 | ((e >> 8) & 0x1f), e & 0xff]);
    else if (typeof e === 'number') {
      enc = Buffer.alloc(3);
      enc[0] = 0xf1;
      enc.writeInt16LE(e, 1);
    } else {
      const s = Buffer.from(e);
      enc =
        s.length < 64
          ? Buffer.concat([Buffer.from([0x80 | s.length]), s])
          : Buffer.concat([Buffer.from([0xe0 | (s.length >> 8), s.length & 0xff]), s]);
    }
    const l = enc.length;
    const back = l <= 127 ? [l] : [l >> 7, (l & 127) | 128];
    body.push(enc, Buffer.from(back));
  }
  const payload = Buffer.concat(body);
  const head = Buffer.alloc(6);
  head.writeUInt32LE(6 + payload.length + 1, 0);
  head.writeUInt16LE(entries.length, 4);
  return Buffer.concat([head, payload, Buffer.from([0xff])]);
}

/** A ziplist of strings and integers (redis ziplist.c; what Redis < 7.0 wrote for small hashes). */
export function ziplist(entries: Array<string | number>): Buffer {
  const body: Buffer[] = [];
  let prev = 0;
  for (const e of entries) {
    const prevlen = prev < 254 ? Buffer.from([prev]) : Buffer.concat([Buffer.from([0xfe]), u32le(prev)]);
    let enc: Buffer;
    if (typeof e === 'number' && e >= 0 && e <= 12) enc = Buffer.from([0xf1 + e]);
    else if (typeof e === 'number') {
      enc = Buffer.alloc(5);
      enc[0] = 0xd0;
      enc.writeInt32LE(e, 1);
    } else {
      const s = Buffer.from(e);
      enc = Buffer.concat([Buffer.from(s.length < 64 ? [s.length] : [0x40 | (s.length >> 8), s.length & 0xff]), s]);
    }
    const entry = Buffer.concat([prevlen, enc]);
    body.push(entry);
    prev = entry.length;
  }
  const payload = Buffer.concat(body);
  const head = Buffer.alloc(10);
  head.writeUInt32LE(10 + payload.length + 1, 0);
  head.writeUInt32LE(10 + payload.length - (body[body.length - 1]?.length ?? 0), 4); // offset of the last entry
  head.writeUInt16LE(entries.length, 8);
  return Buffer.concat([head, payload, Buffer.from([0xff])]);
}

/** A zipmap (Redis < 2.6 hashes): count, then len field len free value, then 0xFF. */
export function zipmap(pairs: Array<[string, string]>): Buffer {
  const body: Buffer[] = [Buffer.from([pairs.length])];
  for (const [f, v] of pairs)
    body.push(Buffer.from([f.length]), Buffer.from(f), Buffer.from([v.length, 1]), Buffer.from(v), Buffer.from([0]));
  return Buffer.concat([...body, Buffer.from([0xff])]);
}

/** A module type id: the 9-character name in the top 54 bits, the encoding version in the low 10. */
export function moduleId(name: string, version: number): bigint {
  const charset = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 0n;
  for (const c of name) id = (id << 6n) | BigInt(charset.indexOf(c));
  return (id << 10n) | BigInt(version);
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

export function crc64Reference(bytes: Uint8Array): bigint {
  const poly = 0x95ac9329ac4bc9b5n;
  let crc = 0n;
  for (const b of bytes) {
    crc ^= BigInt(b);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}
