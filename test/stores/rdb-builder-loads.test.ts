import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { listpack, RdbBuilder, ziplist, zipmap } from '../harness/rdb-builder.js';
import { collect } from '../harness/rdb-collect.js';
import { startRedis } from '../harness/servers.js';

/**
 * The byte-built fixtures are only evidence if the builder writes the real format: a dump built
 * with it must load into the real servers (redis-server 7.0 reads RDB ≤ 10, valkey-server 8
 * RDB ≤ 11) and give back what it encodes; the parser must read the same dump the same way.
 */
const LATER = Date.now() + 3_600_000;

function build(version: 10 | 11): Buffer {
  const b = new RdbBuilder('REDIS', version)
    .aux('redis-ver', '7.0.0')
    .aux('ctime', String(Math.floor(Date.now() / 1000)))
    .selectDb(0)
    .resizeDb(12, 2);
  b.string('str', 'hello')
    .byte(0)
    .str('int8')
    .intStr(-7)
    .byte(0)
    .str('int16')
    .intStr(1234)
    .byte(0)
    .str('int32')
    .intStr(-123456);
  b.byte(0)
    .str('lzf')
    .lzfStr(Buffer.from([0x02, 0x61, 0x62, 0x63, 0xe0, 0x00, 0x02]), 12);
  b.expireMs(LATER).string('ttl', 'soon');
  b.byte(16)
    .str('h:lp')
    .str(listpack(['user', 'alice', 'n', 3, 'neg', -2000, 'long', 'y'.repeat(100)]));
  b.byte(13)
    .str('h:zl')
    .str(ziplist(['f', 'v', 'n', 12, 'big', 70000]));
  b.byte(9)
    .str('h:zm')
    .str(
      zipmap([
        ['a', 'b'],
        ['c', 'dd'],
      ]),
    );
  b.byte(4).str('h:ht').len(2).str('x').str('1').str('y').intStr(2);
  b.byte(18)
    .str('l:ql2')
    .len(2)
    .len(2)
    .str(listpack(['a', 'b']))
    .len(1)
    .str('plain-node');
  b.byte(11)
    .str('s:int')
    .str(Buffer.from([2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 5, 0]));
  b.byte(17)
    .str('z:lp')
    .str(listpack(['m', 1, 'n', 2]));
  if (version === 11)
    b.byte(20)
      .str('s:lp')
      .str(listpack(['p', 'q']));
  b.selectDb(3).string('db3', 'three');
  return b.end();
}

describe.each([
  ['redis', 10],
  ['valkey', 11],
] as const)('a byte-built RDB %s dump (RDB %i)', (kind, version) => {
  it('loads into the real server with every value intact, and parses to the same values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessctl-rdb-load-'));
    const bytes = build(version);
    writeFileSync(join(dir, 'dump.rdb'), bytes);
    const server = await startRedis(kind, ['--dir', dir, '--dbfilename', 'dump.rdb']);
    const r = new Redis(server.port, server.host);
    try {
      expect(await r.mget('str', 'int8', 'int16', 'int32', 'lzf', 'ttl')).toEqual([
        'hello',
        '-7',
        '1234',
        '-123456',
        'abcabcabcabc',
        'soon',
      ]);
      expect(Math.abs((await r.pexpiretime('ttl')) - LATER)).toBeLessThan(2);
      expect(await r.hgetall('h:lp')).toEqual({ user: 'alice', n: '3', neg: '-2000', long: 'y'.repeat(100) });
      expect(await r.hgetall('h:zl')).toEqual({ f: 'v', n: '12', big: '70000' });
      expect(await r.hgetall('h:zm')).toEqual({ a: 'b', c: 'dd' });
      expect(await r.hgetall('h:ht')).toEqual({ x: '1', y: '2' });
      expect(await r.lrange('l:ql2', 0, -1)).toEqual(['a', 'b', 'plain-node']);
      expect((await r.smembers('s:int')).sort()).toEqual(['1', '5']);
      expect(await r.zrange('z:lp', 0, -1, 'WITHSCORES')).toEqual(['m', '1', 'n', '2']);
      if (version === 11) expect((await r.smembers('s:lp')).sort()).toEqual(['p', 'q']);
      await r.select(3);
      expect(await r.get('db3')).toBe('three');

      const parsed = await collect(bytes);
      expect(parsed.error).toBeUndefined();
      const value = (k: string) => parsed.records.find((x) => x.key.toString() === k)!;
      expect(String(value('lzf').value)).toBe('abcabcabcabc');
      expect(value('ttl').expireAtMs).toBe(LATER);
      expect(parsed.records.map((x) => x.key.toString())).toEqual([
        'str',
        'int8',
        'int16',
        'int32',
        'lzf',
        'ttl',
        'h:lp',
        'h:zl',
        'h:zm',
        'h:ht',
        'db3',
      ]);
    } finally {
      r.disconnect();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
