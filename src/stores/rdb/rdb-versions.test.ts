import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listpack, moduleId, RdbBuilder, ziplist, zipmap } from '../../../test/harness/rdb-builder.js';
import { AT, redis12, valkey81PathHash } from '../../../test/harness/rdb-fixtures.js';
import { collect, show } from '../../../test/harness/rdb-collect.js';
import { lzfDecompress } from './lzf.js';
import { readRdb } from './read-rdb.js';

/**
 * Dumps no installed server writes, built byte by byte from rdb.h/rdb.c: Redis 7.4–8.4 (RDB 12),
 * Redis 8.6 (RDB 13), Valkey 9.0/9.2 (VALKEY 80/81), and an old RDB 9 with the pre-7.0 encodings.
 */
describe('RDB 12 (Redis 7.4–8.4)', () => {
  it('reads every string and hash encoding, expiries, IDLE/FREQ, and steps over the rest', async () => {
    const { records, dump, error } = await collect(redis12(), { chunk: 1 });
    expect(error).toBeUndefined();
    expect(records.map(show)).toEqual([
      { db: 0, key: 'plain', type: 'string', rdbType: 0, value: 'hello', expireAtMs: null, idleS: null, freq: null },
      {
        db: 0,
        key: 'int:small',
        type: 'string',
        rdbType: 0,
        value: '-7',
        expireAtMs: AT + 5000,
        idleS: 42,
        freq: null,
      },
      {
        db: 0,
        key: 'int:wide',
        type: 'string',
        rdbType: 0,
        value: '123456',
        expireAtMs: 65536000,
        idleS: null,
        freq: 9,
      },
      {
        db: 0,
        key: 'lzf',
        type: 'string',
        rdbType: 0,
        value: 'abcabcabcabc',
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      {
        db: 0,
        key: 'hash:lp',
        type: 'hash',
        rdbType: 16,
        value: [
          ['user', 'alice'],
          ['n', '3'],
        ],
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      {
        db: 0,
        key: 'hash:ht',
        type: 'hash',
        rdbType: 4,
        value: [
          ['a', '1'],
          ['b', '2'],
        ],
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      {
        db: 0,
        key: 'hash:hfe',
        type: 'hash',
        rdbType: 24,
        value: [
          ['keep', 'x'],
          ['goes', 'y'],
        ],
        fieldExpiresMs: [null, AT + 10],
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      {
        db: 0,
        key: 'hash:lpex',
        type: 'hash',
        rdbType: 25,
        value: [
          ['f1', 'v1'],
          ['f2', 'v2'],
        ],
        fieldExpiresMs: [null, AT + 7],
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      {
        db: 0,
        key: 'hash:pre',
        type: 'hash',
        rdbType: 22,
        value: [['f', 'v']],
        fieldExpiresMs: [AT + 1],
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      {
        db: 0,
        key: 'hash:lppre',
        type: 'hash',
        rdbType: 23,
        value: [['f', 'v']],
        fieldExpiresMs: [AT + 2],
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      { db: 3, key: 'db3:key', type: 'string', rdbType: 0, value: 'v3', expireAtMs: null, idleS: null, freq: null },
    ]);
    expect(dump.info).toEqual({
      magic: 'REDIS',
      rdbVersion: 12,
      serverVersion: '7.4.2',
      ctimeMs: 1_900_000_000_000,
      usedMem: 1_000_000,
      aux: expect.objectContaining({ 'aof-base': '0' }),
    });
    expect(dump.summary).toMatchObject({
      keysByType: { string: 5, hash: 6, set: 1, zset: 1, list: 1, module: 1, stream: 1 },
      skippedByType: { set: 1, zset: 1, list: 1, module: 1, stream: 1 },
      modules: { MyModType: 1 },
      hashesWithFieldExpiry: 4,
      dbs: [0, 3],
      resizeHints: { 0: { keys: 9, expires: 3 } },
      functions: 1,
      moduleAux: 1,
      complete: true,
    });
    expect(dump.summary.checksum).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('RDB 13 (Redis 8.6)', () => {
  it('steps over KEY_META (opcode 243) before a key', async () => {
    const b = new RdbBuilder('REDIS', 13).aux('redis-ver', '8.6.0').selectDb(0);
    b.byte(243).len(2).raw([1, 2, 3, 4]).len(2).len(77).len(0).raw([5, 6, 7, 8]).len(5).str('meta').len(0);
    b.expireMs(AT).string('sess:1', '{"a":1}').string('sess:2', '{}');
    const { records, error, dump } = await collect(b.end(), { chunk: 3 });
    expect(error).toBeUndefined();
    expect(records.map((r) => [r.key.toString(), r.expireAtMs])).toEqual([
      ['sess:1', AT],
      ['sess:2', null],
    ]);
    expect(dump.info.rdbVersion).toBe(13);
  });

  it('steps over a stream with idempotent-producer state (type 26) and counts it', async () => {
    const id = Buffer.alloc(16);
    const b = new RdbBuilder('REDIS', 13).aux('redis-ver', '8.6.0').selectDb(0).string('before', 'x');
    // The RDB 11 stream layout (as type 21), then the IDMP tail of redis 8.6 rdb.c rdbSaveObject.
    b.byte(26)
      .str('events')
      .len(1)
      .str(id)
      .str(listpack([1, 0, 'f', 0, 0, 0, 'v']));
    b.len(1).len(AT).len(0).len(AT).len(0).len(0).len(0).len(1);
    b.len(1).str('group').len(AT).len(0).len(1);
    b.len(1).raw(id).int64(AT).len(1);
    b.len(1).str('consumer').int64(AT).int64(AT).len(1).raw(id);
    b.len(100).len(1000); // IDMP duration (s), max entries
    b.len(2).str('producer-a').len(2).str('iid-1').len(AT).len(0).str('iid-2').len(AT).len(1);
    b.str('producer-b').len(0);
    b.len(2).len(1); // iids added, iids duplicates
    b.string('after', 'y');
    const { records, error, dump } = await collect(b.end(), { chunk: 5 });
    expect(error).toBeUndefined();
    expect(records.map((r) => r.key.toString())).toEqual(['before', 'after']);
    expect(dump.summary).toMatchObject({ skippedByType: { stream: 1 }, complete: true });
  });
});

describe('module values', () => {
  it('names the module type of a value it cannot step over (type 6 has no annotations)', async () => {
    const b = new RdbBuilder('REDIS', 9)
      .selectDb(0)
      .string('before', 'x')
      .byte(6)
      .str('mod')
      .len(moduleId('ReJSON-RL', 0))
      .raw([1, 2, 3]);
    const { records, error } = await collect(b.end());
    expect(records).toHaveLength(1);
    expect(error).toMatchObject({
      code: 'SESSCTL_STORE_UNSUPPORTED',
      message: expect.stringMatching(/module type 'ReJSON-RL'/),
    });
  });
});

const HOUR_MS = 3_600_000;

describe('VALKEY 80/81 (Valkey 9.x)', () => {
  it('reads HASH_2 (type 22 under the VALKEY magic) with per-field expiries', async () => {
    const b = new RdbBuilder('VALKEY', 80).aux('valkey-ver', '9.0.0').aux('redis-ver', '7.2.4').selectDb(0);
    b.byte(22).str('h2').len(2).str('a').str('1').int64(-1).str('b').str('2').int64(AT);
    b.byte(244).len(1).len(1).len(0).string('k', 'v');
    const { records, error, dump } = await collect(b.end());
    expect(error).toBeUndefined();
    expect(records.map(show)).toEqual([
      {
        db: 0,
        key: 'h2',
        type: 'hash',
        rdbType: 22,
        value: [
          ['a', '1'],
          ['b', '2'],
        ],
        fieldExpiresMs: [null, AT],
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      { db: 0, key: 'k', type: 'string', rdbType: 0, value: 'v', expireAtMs: null, idleS: null, freq: null },
    ]);
    expect(dump.info).toMatchObject({ magic: 'VALKEY', rdbVersion: 80, serverVersion: '9.0.0' });
  });

  it('steps over SLOT_IMPORT (243) and an inline UPDATE command (242) under the VALKEY magic', async () => {
    const b = new RdbBuilder('VALKEY', 81).aux('valkey-ver', '9.2.0');
    // cluster_migrateslots.c clusterRDBSaveSlotImports: a 40-byte job name, then slot ranges.
    b.byte(243).str('a'.repeat(40)).len(2).len(0).len(100).len(16000).len(16383);
    b.selectDb(0).string('k', 'v');
    // A forkless save's inline replication command: RESP multi-bulk after opcode 242.
    b.byte(242).raw(Buffer.from('*3\r\n$3\r\nSET\r\n$4\r\nsess\r\n$0\r\n\r\n'));
    b.expireMs(AT).string('k2', 'v2');
    const { records, error, dump } = await collect(b.end(), { chunk: 3 });
    expect(error).toBeUndefined();
    expect(records.map((r) => [r.key.toString(), r.expireAtMs])).toEqual([
      ['k', null],
      ['k2', AT],
    ]);
    expect(dump.summary.complete).toBe(true);
  });

  it('refuses a damaged inline command at the offset of its bad line', async () => {
    const b = new RdbBuilder('VALKEY', 81).selectDb(0);
    const at = b.end(false).length - 9;
    const bad = new RdbBuilder('VALKEY', 81).selectDb(0).byte(242).raw(Buffer.from('*1\r\n#3\r\nSET\r\n'));
    const { error } = await collect(bad.end());
    expect(error).toMatchObject({ code: 'SESSCTL_RDB_CORRUPT', offset: at + 1 + '*1\r\n'.length });
  });

  it('treats 23 as PATH_HASH: steps over it, counted as its own type (pathhash), with HASH_2 beside it', async () => {
    // Layout from valkey-io/valkey src/rdb.h @ 01756301ec98fdf8c31936552d2d123ff0f362f5 and PR #4506
    // (see valkey81PathHash); no installable valkey-server writes it (Debian has 8.0.1, RDB 11).
    expect(lzfDecompress(Buffer.from([0x02, 0x61, 0x62, 0x63, 0xe0, 0x0c, 0x02]), 24).toString()).toBe('abc'.repeat(8));
    const { records, error, dump } = await collect(valkey81PathHash(), { chunk: 1 });
    expect(error).toBeUndefined();
    expect(records.map(show)).toEqual([
      {
        db: 0,
        key: 'sess:before',
        type: 'string',
        rdbType: 0,
        value: '{"user":"a"}',
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      {
        db: 0,
        key: 'h2',
        type: 'hash',
        rdbType: 22,
        value: [['f', 'v']],
        fieldExpiresMs: [AT + HOUR_MS],
        expireAtMs: null,
        idleS: null,
        freq: null,
      },
      {
        db: 0,
        key: 'sess:after',
        type: 'string',
        rdbType: 0,
        value: '{}',
        expireAtMs: AT + HOUR_MS,
        idleS: null,
        freq: null,
      },
    ]);
    expect(dump.info).toMatchObject({ magic: 'VALKEY', rdbVersion: 81, serverVersion: '9.2.0' });
    expect(dump.summary).toMatchObject({
      keysByType: { string: 2, hash: 1, pathhash: 2 },
      skippedByType: { pathhash: 2 },
      hashesWithFieldExpiry: 1,
      complete: true,
    });
    expect(dump.summary.checksum).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hands path hashes over as other keys, with their expiry and the bytes their value took', async () => {
    const others: Array<{ key: string; type: string; expireAtMs: number | null; bytes?: number }> = [];
    const dump = readRdb(Readable.from([valkey81PathHash()]), { others: true });
    for await (const batch of dump.batches())
      for (const r of batch)
        if (r.type !== 'string' && r.type !== 'hash')
          others.push({ key: r.key.toString(), type: r.type, expireAtMs: r.expireAtMs, bytes: r.bytes });
    // tree: path count 1, root 1+1+5+6, binary 5+1+6+6, integers 2+1+2+2, abc 4+1+3+3+4+10 (LZF 1+1+1+7): 64
    expect(others).toEqual([
      { key: 'tree', type: 'pathhash', expireAtMs: AT + HOUR_MS, bytes: 64 },
      { key: 'empty-tree', type: 'pathhash', expireAtMs: null, bytes: 1 },
    ]);
  });

  it('refuses a path with no fields, as the server does, at the offset of its field count', async () => {
    const head = () => new RdbBuilder('VALKEY', 81).selectDb(0).string('k', 'v').byte(23).str('t').len(1).str('p');
    const at = head().end(false).length - 9;
    const { records, error, dump } = await collect(head().len(0).string('after', 'x').end());
    expect(records.map((r) => r.key.toString())).toEqual(['k']);
    expect(error).toMatchObject({ code: 'SESSCTL_RDB_CORRUPT', offset: at });
    expect((error as Error).message).toMatch(/path hash path holds no fields/);
    expect(dump.summary.complete).toBe(false);
  });

  it('cut anywhere inside a path hash: a corrupt-dump error at the offset of its record, the keys before it kept', async () => {
    const full = valkey81PathHash();
    const prefix = new RdbBuilder('VALKEY', 81)
      .aux('valkey-ver', '9.2.0')
      .aux('redis-bits', '64')
      .aux('ctime', '1900000000');
    prefix.selectDb(0).resizeDb(5, 2).string('sess:before', '{"user":"a"}');
    const recordStart = prefix.end(false).length - 9;
    const recordEnd = recordStart + 9 + 1 + 5 + 64; // expiry opcode and ms, type, key, value
    for (let cut = recordStart + 1; cut < recordEnd; cut++) {
      const { records, error } = await collect(full.subarray(0, cut), { chunk: 7 });
      expect(records.map((r) => r.key.toString())).toEqual(['sess:before']);
      expect(error).toMatchObject({ code: 'SESSCTL_RDB_CORRUPT', offset: recordStart });
    }
  });
});

describe('RDB 9 (Redis 5) encodings', () => {
  it('reads ziplist and zipmap hashes and steps over ziplist, intset, quicklist and old-style values', async () => {
    const b = new RdbBuilder('REDIS', 9).aux('redis-ver', '5.0.14').selectDb(0);
    b.byte(13)
      .str('h:zl')
      .str(ziplist(['f', 'v', 'n', 12, 'big', 70000]));
    b.byte(9)
      .str('h:zm')
      .str(zipmap([['a', 'b']]));
    b.byte(10)
      .str('l:zl')
      .str(ziplist(['x']));
    b.byte(11)
      .str('s:is')
      .str(Buffer.from([2, 0, 0, 0, 1, 0, 0, 0, 5, 0]));
    b.byte(12)
      .str('z:zl')
      .str(ziplist(['m', 1]));
    b.byte(14)
      .str('l:ql')
      .len(1)
      .str(ziplist(['a']));
    b.byte(1).str('l:plain').len(2).str('a').str('b');
    b.byte(2).str('s:plain').len(1).intStr(5);
    b.byte(3).str('z:plain').len(3).str('a').byte(3).raw(Buffer.from('1.5')).str('b').byte(254).str('c').byte(253);
    b.byte(15)
      .str('st')
      .len(1)
      .str(Buffer.alloc(16))
      .str(listpack([1]))
      .len(1)
      .len(0)
      .len(0)
      .len(1)
      .str('g')
      .len(0)
      .len(0)
      .len(0)
      .len(1)
      .str('c')
      .int64(0)
      .len(0);
    b.string('last', 'ok');
    const { records, error, dump } = await collect(b.end(), { chunk: 2 });
    expect(error).toBeUndefined();
    expect(records.map(show).map((r) => [r.key, r.value])).toEqual([
      [
        'h:zl',
        [
          ['f', 'v'],
          ['n', '12'],
          ['big', '70000'],
        ],
      ],
      ['h:zm', [['a', 'b']]],
      ['last', 'ok'],
    ]);
    expect(dump.summary.skippedByType).toEqual({ list: 3, set: 2, zset: 2, stream: 1 });
  });
});
