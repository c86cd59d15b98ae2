import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RdbBuilder } from '../../../test/harness/rdb-builder.js';
import { collect, show } from '../../../test/harness/rdb-collect.js';
import { redis12 } from '../../../test/harness/rdb-fixtures.js';
import { exitCodeFor } from '../../errors.js';
import { readRdb } from './index.js';
import { BATCH_RECORDS } from './parse-dump.js';

function small(): Buffer {
  const b = new RdbBuilder('REDIS', 11).aux('redis-ver', '7.2.4').aux('ctime', '1800000000').selectDb(0).resizeDb(3, 1);
  b.string('sess:a', '{"cookie":{}}').expireMs(1_800_000_100_000).string('sess:b', 'x'.repeat(100));
  b.byte(4).str('h').len(2).str('f').str('v').str('g').str('w'.repeat(50));
  return b.end();
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sessctl-rdb-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readRdb', () => {
  it('hands records over in batches of at most BATCH_RECORDS, whatever the chunk size', async () => {
    const b = new RdbBuilder('REDIS', 11).selectDb(0);
    for (let i = 0; i < 2 * BATCH_RECORDS + 7; i++) b.string(`sess:${i}`, '{}');
    const dump = readRdb(Readable.from([b.end()], { objectMode: true }));
    const sizes: number[] = [];
    for await (const batch of dump.batches()) sizes.push(batch.length);
    expect(Math.max(...sizes)).toBe(BATCH_RECORDS);
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(2 * BATCH_RECORDS + 7);
    expect(dump.summary.complete).toBe(true);
  });

  it('gives the same records whatever the chunk size', async () => {
    const whole = await collect(small());
    expect(whole.error).toBeUndefined();
    for (const chunk of [1, 2, 3, 5, 8, 13])
      expect((await collect(small(), { chunk })).records.map(show)).toEqual(whole.records.map(show));
  });

  it('reads the same records on the synchronous fast path (whole chunks) as on the resumable one (1-byte chunks)', async () => {
    const bytes = redis12();
    const fast = await collect(bytes, { chunk: 1 << 20 });
    const slow = await collect(bytes, { chunk: 1 });
    expect(fast.error).toBeUndefined();
    expect(fast.records.map(show)).toEqual(slow.records.map(show));
    expect(fast.records.map((r) => r.offset)).toEqual(slow.records.map((r) => r.offset));
    expect(fast.dump.summary).toEqual({ ...slow.dump.summary, peakBufferBytes: fast.dump.summary.peakBufferBytes });
  });

  it('reads a file path and a gzip-compressed file alike', async () => {
    await writeFile(join(dir, 'dump.rdb'), small());
    await writeFile(join(dir, 'dump.rdb.gz'), gzipSync(small()));
    const keys = async (path: string) => {
      const out: string[] = [];
      const dump = readRdb(path);
      for await (const r of dump) out.push(r.key.toString());
      return { out, complete: dump.summary.complete };
    };
    expect(await keys(join(dir, 'dump.rdb'))).toEqual({ out: ['sess:a', 'sess:b', 'h'], complete: true });
    expect(await keys(join(dir, 'dump.rdb.gz'))).toEqual({ out: ['sess:a', 'sess:b', 'h'], complete: true });
  });

  it('reads a file of many chunks, whose buffers it reuses, as a stream of fresh chunks (views copied per batch)', async () => {
    // A record ends exactly at the first 1 MiB chunk's end, so the window takes the second chunk
    // as it is (no copy) and still holds its tail when the third is read: into the other buffer.
    const CHUNK = 1024 * 1024;
    const lenBytes = (n: number) => (n < 64 ? 1 : n < 16384 ? 2 : 5);
    const size = (k: string, v: string) => 1 + lenBytes(k.length) + k.length + lenBytes(v.length) + v.length;
    const value = (i: number) => `{"n":${i},"pad":"${'p'.repeat(i % 500)}"}`;
    const b = new RdbBuilder('REDIS', 11).selectDb(0);
    let at = new RdbBuilder('REDIS', 11).selectDb(0).end().length - 9;
    let i = 0;
    for (; at + size(`sess:${i}`, value(i)) <= CHUNK - 200; i++) at += size(`sess:${i}`, value(i));
    for (let j = 0; j < i; j++) b.string(`sess:${j}`, value(j));
    // Its value's length takes two bytes, not the one size('fill', '') counts.
    const fill = 'f'.repeat(CHUNK - at - size('fill', '') - 1);
    expect(at + size('fill', fill)).toBe(CHUNK);
    b.string('fill', fill);
    for (; i < 12_000; i++) b.string(`sess:${i}`, value(i));
    const bytes = b.end();
    expect(bytes.length).toBeGreaterThan(3 * CHUNK);
    await writeFile(join(dir, 'big.rdb'), bytes);
    await writeFile(join(dir, 'big.rdb.gz'), gzipSync(bytes));
    const read = async (source: string | Readable, views: boolean) => {
      const out: string[] = [];
      const dump = readRdb(source, { views });
      for await (const batch of dump.batches())
        for (const r of batch) out.push(`${r.key.toString()}=${r.type === 'string' ? r.value.toString() : ''}`);
      return { out, offsets: dump.summary.bytes, complete: dump.summary.complete };
    };
    const expected = await read(Readable.from([bytes], { objectMode: true }), false);
    expect(expected.out).toHaveLength(12_001);
    expect(expected.out).toContain(`fill=${fill}`);
    expect(await read(join(dir, 'big.rdb'), true)).toEqual(expected);
    expect(await read(join(dir, 'big.rdb'), false)).toEqual(expected);
    expect(await read(join(dir, 'big.rdb.gz'), true)).toEqual(expected);
  });

  it('reads on in a chunk itself after finishing a cut record, with records of any size at the cut', async () => {
    // Values from a few bytes to 40 KiB: some cut records fit in the stitched head of the next
    // chunk, some do not (the whole chunk is copied then), at chunk sizes around the stitch.
    const b = new RdbBuilder('REDIS', 11).selectDb(0);
    for (let i = 0; i < 3000; i++) {
      const big = i % 97 === 0 ? 20_000 + ((i * 7919) % 20_000) : (i * 131) % 700;
      b.string(`sess:${i}`, String.fromCharCode(97 + (i % 26)).repeat(big));
      if (i % 5 === 0)
        b.byte(4)
          .str(`h:${i}`)
          .len(1)
          .str('f')
          .str('v'.repeat(i % 300));
    }
    const bytes = b.end();
    const parts = (size: number) => {
      const out: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
      return out;
    };
    const read = async (size: number, views: boolean) => {
      const dump = readRdb(Readable.from(parts(size), { objectMode: true }), { views });
      const out: string[] = [];
      for await (const batch of dump.batches())
        for (const r of batch) out.push(JSON.stringify({ ...show(r), offset: r.offset }));
      return { out, summary: { ...dump.summary, peakBufferBytes: 0 } };
    };
    const want = await read(bytes.length, false);
    expect(want.out).toHaveLength(3600);
    expect(want.summary.complete).toBe(true);
    for (const size of [32_769, 40_000, 65_537, 100_003, 1 << 20])
      for (const views of [false, true]) expect(await read(size, views)).toEqual(want);
    // A byte flipped past a stitch is still checksummed.
    const bad = Buffer.from(bytes);
    bad[100_010] = bad[100_010]! ^ 0x01;
    const damaged = await collect(bad, { chunk: 40_000 });
    expect(String(damaged.error)).toMatch(/checksum mismatch/);
  });

  it('says which file it cannot read (exit 2)', async () => {
    const err = await (async () => {
      for await (const _ of readRdb(join(dir, 'missing.rdb'))) void _;
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SESSCTL_FILE', message: expect.stringMatching(/missing\.rdb: no such file/) });
    expect(exitCodeFor(err)).toBe(2);
  });

  it('refuses a damaged gzip wrapper as a corrupt dump (exit 3) with an offset', async () => {
    const gz = gzipSync(small());
    const { error } = await collect(gz.subarray(0, gz.length - 12));
    expect(error).toMatchObject({ code: 'SESSCTL_RDB_CORRUPT', offset: expect.any(Number) });
    expect(exitCodeFor(error)).toBe(3);
  });

  it.each([
    ['REDIS', 14, /RDB version 14 \(REDIS magic\) is newer than this sessctl reads \(up to 13\)/],
    ['REDIS', 80, /RDB version 80 \(REDIS magic\) is newer/],
    ['VALKEY', 82, /RDB version 82 \(VALKEY magic\) is newer than this sessctl reads \(up to 81\)/],
    ['REDIS', 6, /RDB version 6 \(REDIS magic\) is not one this sessctl reads \(7–13\)/],
    ['VALKEY', 11, /RDB version 11 \(VALKEY magic\) is not one/],
  ] as const)('refuses %s version %i as a usage error naming the version (exit 2)', async (magic, version, message) => {
    const { error, records } = await collect(new RdbBuilder(magic, version).string('k', 'v').end());
    expect(records).toEqual([]);
    expect(error).toMatchObject({ code: 'SESSCTL_RDB_VERSION', message: expect.stringMatching(message) });
    expect(exitCodeFor(error)).toBe(2);
  });

  it('refuses a file that is not a dump, or too short to be one (exit 2)', async () => {
    const { error } = await collect(Buffer.from('*1\r\n$4\r\nPING\r\n'));
    expect(error).toMatchObject({ code: 'SESSCTL_FILE', message: expect.stringMatching(/not an RDB dump/) });
    for (const bytes of [Buffer.alloc(0), Buffer.from('REDIS')]) {
      const short = await collect(bytes);
      expect(short.error).toMatchObject({
        code: 'SESSCTL_FILE',
        message: expect.stringMatching(`not an RDB dump: ${bytes.length} bytes`),
      });
      expect(exitCodeFor(short.error)).toBe(2);
    }
  });

  it('reports a truncated dump with the offset of the cut record, after yielding every record before it', async () => {
    const bytes = small();
    const whole = await collect(bytes);
    const hashAt = whole.records[2]!.offset;
    const { records, error, dump } = await collect(bytes.subarray(0, hashAt + 6), { chunk: 4 });
    expect(records.map((r) => r.key.toString())).toEqual(['sess:a', 'sess:b']);
    expect(error).toMatchObject({
      code: 'SESSCTL_RDB_CORRUPT',
      offset: hashAt,
      message: expect.stringMatching(`truncated: the dump ends at byte ${hashAt + 6}`),
    });
    expect(exitCodeFor(error)).toBe(3);
    expect(dump.summary).toMatchObject({
      complete: false,
      checksum: null,
      dbs: [0],
      keysByType: { string: 2 },
      bytes: hashAt + 6,
    });
  });

  it('verifies the checksum: a flipped byte inside a value is caught at EOF, a zero checksum means disabled', async () => {
    const bytes = Buffer.from(small());
    const at = bytes.indexOf('wwww');
    bytes[at] = 'v'.charCodeAt(0);
    const { error, records } = await collect(bytes);
    expect(records).toHaveLength(3);
    expect(error).toMatchObject({
      code: 'SESSCTL_RDB_CORRUPT',
      message: expect.stringMatching(/checksum mismatch: the dump says [0-9a-f]{16}, its bytes give [0-9a-f]{16}/),
    });
    const off = Buffer.from(small());
    off.fill(0, off.length - 8);
    const disabled = await collect(off);
    expect(disabled.error).toBeUndefined();
    expect(disabled.dump.summary.checksum).toBe('disabled');
  });

  it('steps over keys and values above the limits, counting them, holding at most a chunk plus the limit', async () => {
    const b = new RdbBuilder('REDIS', 11)
      .selectDb(0)
      .string('k'.repeat(300), 'v')
      .string('big', 'x'.repeat(5000))
      .string('ok', 'y');
    b.byte(4).str('bighash').len(3).str('a').str('x'.repeat(600)).str('b').str('c').str('d').str('e');
    const run = [0xe0, 0xff, 0x01]; // a 264-byte back-reference: 1058 bytes from 15
    b.byte(0)
      .str('lzfbig')
      .lzfStr(Buffer.from([0x01, 0x78, 0x79, ...run, ...run, ...run, ...run]), 1058);
    const bytes = b.end();
    const { records, error, dump } = await collect(bytes, {
      chunk: 100,
      limits: { maxKeyBytes: 200, maxValueBytes: 1000 },
    });
    expect(error).toBeUndefined();
    expect(records.map((r) => r.key.toString())).toEqual(['ok', 'bighash']);
    expect(dump.summary.oversized).toBe(3);
    const lower = await collect(bytes, { chunk: 100, limits: { maxKeyBytes: 200, maxValueBytes: 500 } });
    expect(lower.records.map((r) => r.key.toString())).toEqual(['ok']);
    expect(lower.dump.summary).toMatchObject({ oversized: 4, complete: true });
    const held = await collect(bytes, { limits: { maxValueBytes: 2000, maxKeyBytes: 1000 } });
    expect(held.records.find((r) => r.key.toString() === 'lzfbig')?.value.toString()).toBe('xy'.repeat(529));
    expect(dump.summary.peakBufferBytes).toBeLessThanOrEqual(64 * 1024 + 1000);
  });

  it('stops between chunks when the signal aborts (exit 3)', async () => {
    const ac = new AbortController();
    ac.abort();
    const { error } = await collect(small(), { chunk: 8, signal: ac.signal });
    expect(error).toMatchObject({ code: 'SESSCTL_ABORTED' });
  });
});
