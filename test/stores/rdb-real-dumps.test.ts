import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRdb, type RdbDump, type RdbRecord } from '../../src/stores/rdb/index.js';
import { requireBinary, startRedis, type RunningServer } from '../harness/servers.js';

/**
 * Real dumps: redis-server 7.0 writes RDB 10, valkey-server 8 writes RDB 11 (REDIS magic). Each
 * server gets every encoding a session store meets (and the types the parser must step over),
 * then SAVE and `redis-cli --rdb`; the parsed dump must give back exactly what was written.
 */
interface Expected {
  db: number;
  type: 'string' | 'hash';
  rdbType: number;
  value: Buffer | Array<[string, string]>;
  ttl: boolean;
}

const TTL_TOLERANCE_MS = 2000;

async function populate(r: Redis): Promise<Map<string, Expected>> {
  const want = new Map<string, Expected>();
  const str = async (db: number, key: string, value: Buffer | string, ttlS?: number) => {
    await r.select(db);
    if (ttlS) await r.set(key, value, 'EX', ttlS);
    else await r.set(key, value);
    want.set(key, { db, type: 'string', rdbType: 0, value: Buffer.from(value), ttl: ttlS !== undefined });
  };
  const hash = async (db: number, key: string, fields: Array<[string, string]>, rdbType: number, ttlS?: number) => {
    await r.select(db);
    await r.hset(key, ...fields.flat());
    if (ttlS) await r.expire(key, ttlS);
    want.set(key, { db, type: 'hash', rdbType, value: fields, ttl: ttlS !== undefined });
  };
  await str(0, 'sess:plain', 'hello');
  await str(0, 'sess:int', '12345');
  await str(0, 'sess:neg', '-7');
  await str(0, 'sess:wide-int', '3000000000');
  await str(0, 'sess:lzf', JSON.stringify({ cookie: { path: '/', httpOnly: true }, pad: 'ab'.repeat(300) }));
  await str(0, 'sess:ttl', '{"cookie":{"originalMaxAge":3600000}}', 3600);
  await str(0, 'sess:empty', '');
  await str(0, 'sess:binary', Buffer.from([0x80, 0x04, 0x95, 0x00, 0xff, 0x0a]), 60);
  await hash(
    0,
    'hash:small',
    [
      ['user', 'alice'],
      ['n', '3'],
      ['created', '1700000000'],
    ],
    16,
  );
  await hash(
    0,
    'hash:big',
    Array.from({ length: 40 }, (_, i): [string, string] => [`f${i}`, `v${i}`.repeat(i % 5)]),
    4,
    600,
  );
  await str(2, 'db2:key', 'two', 120);
  await hash(5, 'db5:hash', [['a', '1']], 16);
  await r.select(0);
  await r.rpush('skip:list', 'a', 'b', 'c');
  await r.rpush('skip:biglist', ...Array.from({ length: 300 }, (_, i) => `item-${i}`));
  await r.sadd('skip:intset', 1, 2, 3);
  await r.sadd('skip:set', 'x', 'y');
  await r.sadd('skip:bigset', ...Array.from({ length: 200 }, (_, i) => `m${i}`));
  await r.zadd('skip:zset', 1, 'a', 2.5, 'b');
  await r.zadd('skip:bigzset', ...Array.from({ length: 200 }, (_, i) => [i / 3, `z${i}`]).flat());
  await r.call('FUNCTION', 'LOAD', "#!lua name=sessctl_lib\nredis.register_function('noop', function() return 1 end)");
  await r.xadd('skip:stream', '*', 'field', 'value');
  await r.xgroup('CREATE', 'skip:stream', 'group', '0');
  await r.xreadgroup('GROUP', 'group', 'consumer', 'COUNT', 1, 'STREAMS', 'skip:stream', '>');
  return want;
}

async function parse(path: string): Promise<{ dump: RdbDump; records: Map<string, RdbRecord> }> {
  const dump = readRdb(path);
  const records = new Map<string, RdbRecord>();
  for await (const rec of dump) records.set(rec.key.toString('latin1'), rec);
  return { dump, records };
}

/** Values comparable with what was written: a hashtable's field order is the server's, so sort. */
/** Waits out the fork a `--rdb` transfer leaves behind: SAVE refuses to run beside it. */
async function noChild(r: Redis): Promise<void> {
  while (/(?:rdb_bgsave_in_progress|aof_rewrite_in_progress):1/.test(await r.info('persistence')))
    await new Promise((done) => setTimeout(done, 20));
}

const plain = (r: RdbRecord) =>
  r.type === 'string' ? r.value : sorted(r.value.map(([f, v]): [string, string] => [f.toString(), v.toString()]));
const sorted = (pairs: Array<[string, string]>) => [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe.each([
  ['redis', 10],
  ['valkey', 11],
] as const)('%s dumps (RDB %i)', (kind, rdbVersion) => {
  let server: RunningServer;
  let r: Redis;
  let want: Map<string, Expected>;
  let dir: string;
  const pttl = new Map<string, number>();
  const idle = new Map<string, number>();
  let savedAt = 0;
  let serverVersion = '';

  beforeAll(async () => {
    server = await startRedis(kind, [
      '--repl-diskless-sync-delay',
      '0',
      '--maxmemory',
      '256mb',
      '--maxmemory-policy',
      'allkeys-lru',
      '--hash-max-listpack-entries',
      '16',
    ]);
    r = new Redis(server.port, server.host, { lazyConnect: true });
    await r.connect();
    want = await populate(r);
    dir = ((await r.config('GET', 'dir')) as string[])[1]!;
    const info = await r.info('server');
    serverVersion = /(?:valkey_version|redis_version):(\S+)/.exec(
      kind === 'valkey' && info.includes('valkey_version') ? info.replace(/redis_version:\S+/, '') : info,
    )![1]!;
    for (const [key, w] of want) {
      await r.select(w.db);
      pttl.set(key, await r.pttl(key));
      idle.set(key, Number(await r.object('IDLETIME', key)));
    }
    savedAt = Date.now();
    await r.save();
  });

  afterAll(async () => {
    r?.disconnect();
    await server?.stop();
  });

  it('gives back every string and hash key written, byte for byte, with its db, encoding, TTL and idle time', async () => {
    const { dump, records } = await parse(join(dir, 'dump.rdb'));
    // The padded session value is in the file only LZF-compressed, so the LZF path ran.
    expect(readFileSync(join(dir, 'dump.rdb')).includes('ab'.repeat(50))).toBe(false);
    expect(dump.info).toMatchObject({ magic: 'REDIS', rdbVersion, serverVersion });
    expect(dump.info.ctimeMs).toBeGreaterThanOrEqual(Math.floor(savedAt / 1000) * 1000 - 1000);
    expect(dump.summary).toMatchObject({
      complete: true,
      checksum: expect.stringMatching(/^[0-9a-f]{16}$/),
      dbs: [0, 2, 5],
      oversized: 0,
      functions: 1,
    });
    expect([...records.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [key, w] of want) {
      const rec = records.get(key)!;
      expect({ key, db: rec.db, type: rec.type, rdbType: rec.rdbType, value: plain(rec) }).toEqual({
        key,
        db: w.db,
        type: w.type,
        rdbType: w.rdbType,
        value: Buffer.isBuffer(w.value) ? w.value : sorted(w.value),
      });
      const ms = pttl.get(key)!;
      if (ms < 0) expect(rec.expireAtMs, key).toBeNull();
      else expect(Math.abs(rec.expireAtMs! - (savedAt + ms)), key).toBeLessThan(TTL_TOLERANCE_MS);
      expect(rec.idleS, key).not.toBeNull();
      expect(Math.abs(rec.idleS! - idle.get(key)!), key).toBeLessThanOrEqual(1);
      expect(rec.freq, key).toBeNull();
    }
  });

  it('counts the keys of every type it steps over, and the RESIZEDB hints match DBSIZE', async () => {
    const { dump } = await parse(join(dir, 'dump.rdb'));
    expect(dump.summary.skippedByType).toEqual({ list: 2, set: 3, zset: 2, stream: 1 });
    expect(dump.summary.keysByType).toEqual({ string: 9, hash: 3, list: 2, set: 3, zset: 2, stream: 1 });
    for (const db of [0, 2, 5]) {
      await r.select(db);
      expect(dump.summary.resizeHints[db]?.keys).toBe(await r.dbsize());
    }
  });

  it('reads what `redis-cli --rdb` streams off the server the same way', async () => {
    const out = join(dir, 'cli.rdb');
    const cli = spawnSync(requireBinary(`${kind}-cli`), ['-h', server.host, '-p', String(server.port), '--rdb', out], {
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    const saved = await parse(join(dir, 'dump.rdb'));
    const streamed = await parse(out);
    expect(streamed.dump.summary.complete).toBe(true);
    expect([...streamed.records.values()].map((x) => [x.key.toString(), plain(x)])).toEqual(
      [...saved.records.values()].map((x) => [x.key.toString(), plain(x)]),
    );
  });

  it('reads FREQ (not IDLE) from an LFU-policy server', async () => {
    await r.select(0);
    await noChild(r); // the server does not count reads while a fork is alive
    await r.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    // A key created under LFU starts its counter at 5; the first read raises it for sure.
    await r.set('sess:lfu', 'x');
    for (let i = 0; i < 20; i++) await r.get('sess:lfu');
    const freq = Number(await r.object('FREQ', 'sess:lfu'));
    await r.save();
    const { records } = await parse(join(dir, 'dump.rdb'));
    const rec = records.get('sess:lfu')!;
    expect(rec.idleS).toBeNull();
    expect(rec.freq).toBe(freq);
    expect(freq).toBeGreaterThan(5);
    await r.del('sess:lfu');
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
  });
});
