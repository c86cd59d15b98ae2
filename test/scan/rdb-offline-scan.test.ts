import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/scan.js';
import type { ScanRecord, ScanReport } from '../../src/scan/types.js';
import { sessctl } from '../harness/cli.js';
import { redisFixtureSessions, writeSessions } from '../harness/redis-fixtures.js';
import { requireBinary, startRedis, type RunningServer } from '../harness/servers.js';

/**
 * The offline scan against the live one: the same server scanned live and through its dump (SAVE)
 * must agree key by key on every class that does not depend on idle time, for redis-server 7.0
 * (RDB 10) and valkey-server 8 (RDB 11), with the real framework sessions of test/fixtures.
 */
const IDLE_CLASSES = new Set(['never-read', 'stale', 'live']);
/** ctime has 1 s resolution and the live scan runs after the dump. */
const TTL_SLACK_MS = 5000;
const DAY_MS = 86_400_000;

function express(createdAt: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    cookie: { originalMaxAge: DAY_MS, expires: new Date(createdAt + DAY_MS).toISOString(), httpOnly: true, path: '/' },
    ...extra,
  });
}

async function populate(r: Redis): Promise<number> {
  await writeSessions(r, redisFixtureSessions());
  const now = Date.now();
  for (let i = 0; i < 20; i++)
    await r.set(`sess:empty${String(i).padStart(28, '0')}`, express(now - 600_000), 'PX', DAY_MS - 600_000);
  for (let i = 0; i < 5; i++)
    await r.set(`sess:user${String(i).padStart(29, '0')}`, express(now - 600_000, { passport: { user: `u-${i}` } }));
  for (let i = 0; i < 5; i++)
    await r.set(`sess:cart${String(i).padStart(29, '0')}`, express(now - 60_000, { cart: [i] }), 'EX', 3600);
  await r.set('sess:broken00000000000000000000000000', Buffer.from([0x80, 0x04, 0xff, 0x00, 0x13]), 'EX', 600);
  await r.set('counter:visits', '12345');
  await r.hset('config:app', 'mode', 'dark');
  await r.rpush('queue:jobs', 'a', 'b');
  await r.select(2);
  await r.set('sess:db2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', express(now - 600_000), 'PX', DAY_MS);
  await r.select(0);
  // Expired before the dump but still in it: active expiry off, and past ctime's 1 s resolution.
  await r.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
  await r.set('sess:gone0000000000000000000000000000', express(now), 'PX', 20);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  return now;
}

async function collect(
  url: string,
  options: Parameters<typeof scan>[1] = {},
): Promise<{ report: ScanReport; records: Map<string, ScanRecord> }> {
  const records = new Map<string, ScanRecord>();
  const report = await scan(url, {
    showKeys: true,
    ...options,
    onRecord: (r) => records.set(`${r.node.startsWith('db') ? r.node : 'db0'}/${r.key}`, r),
  });
  return { report, records };
}

describe.each(['redis', 'valkey'] as const)('offline scan of a %s dump', (kind) => {
  let server: RunningServer;
  let dump: string;
  let live: Map<string, ScanRecord>;
  let offline: { report: ScanReport; records: Map<string, ScanRecord> };
  let serverVersion: string;

  beforeAll(async () => {
    server = await startRedis(kind, ['--enable-debug-command', 'yes']);
    const r = new Redis(server.port, server.host);
    await populate(r);
    const dir = ((await r.config('GET', 'dir')) as string[])[1]!;
    await r.save();
    const info = await r.info('server');
    serverVersion = (/valkey_version:(\S+)/.exec(info) ?? /redis_version:(\S+)/.exec(info))![1]!;
    r.disconnect();
    dump = join(dir, 'dump.rdb');
    offline = await collect(dump);
    live = new Map();
    for (const db of [0, 2]) {
      const { records } = await collect(`${server.url}/${db}`);
      for (const [k, v] of records) live.set(`db${db}/${k.slice(k.indexOf('/') + 1)}`, v);
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('reports every key the live scan sees, each the same way', () => {
    // The expired key is gone for the live server (a lookup expires it), and left out offline; keys
    // of other types (the list) are counted as the live scan counts them, their values stepped over.
    expect([...offline.records.keys()].sort()).toEqual([...live.keys()].filter((k) => !k.includes('sess:gone')).sort());
    expect(offline.records.size).toBeGreaterThan(60);
    for (const [key, off] of offline.records) {
      const on = live.get(key)!;
      // A list's size is MEMORY USAGE live and the bytes of its value in the dump offline.
      const bytes = (r: ScanRecord) => (key.endsWith('/queue:jobs') ? r.bytes > 0 : r.bytes);
      expect({ key, framework: off.framework, format: off.format, bytes: bytes(off), prefix: off.prefix }).toEqual({
        key,
        framework: on.framework,
        format: on.format,
        bytes: bytes(on),
        prefix: on.prefix,
      });
      expect(
        off.classes.filter((c) => !IDLE_CLASSES.has(c)),
        key,
      ).toEqual(on.classes.filter((c) => !IDLE_CLASSES.has(c)));
      if (on.ttlMs === null) expect(off.ttlMs, key).toBeNull();
      else expect(Math.abs(off.ttlMs! - on.ttlMs), key).toBeLessThan(TTL_SLACK_MS);
    }
    const classes = new Set([...offline.records.values()].flatMap((r) => r.classes));
    for (const c of ['empty', 'anonymous', 'no-ttl', 'undecodable']) expect(classes, c).toContain(c);
    expect(new Set([...offline.records.values()].map((r) => r.framework))).toContain('spring-session');
  });

  it('never claims never-read or stale without the IDLE records of an LRU dump, and says why', () => {
    // Spring Session proves never-read in its payload (lastAccessedTime == creationTime): no idle time needed.
    const claimed = [...offline.records.values()].filter(
      (r) =>
        (r.classes.includes('never-read') && r.evidence.neverReadFrom !== 'payload') || r.classes.includes('stale'),
    );
    expect(claimed).toEqual([]);
    expect(offline.report.store.idleTrust.usable).toBe(false);
    expect(offline.report.store.idleTrust.reasons.join(' ')).toMatch(/no idle times .*LRU/);
    const sess = offline.report.prefixes.find((p) => p.prefix === 'sess:')!;
    expect(sess.signals.find((s) => s.signal === 'idle-time')).toMatchObject({ holds: false });
  });

  it('records the dump: RDB version, server version, ctime and databases', () => {
    const s = offline.report.store;
    expect(s.kind).toBe('rdb');
    expect(s.url).toBe(`rdb://${dump}`);
    expect(s.dump).toMatchObject({
      rdbVersion: kind === 'redis' ? 10 : 11,
      serverVersion,
      databases: [{ db: 0 }, { db: 2, keys: 1 }],
      expired: 1,
      complete: true,
      skipped: { byType: { list: 1 } },
    });
    expect(Math.abs(Date.parse(s.dump!.ctime!) - Date.now())).toBeLessThan(60_000);
    expect(s.nodes.map((n) => n.id)).toEqual(['db0', 'db2']);
    expect(offline.report.complete).toBe(true);
  });

  it('reads a dump streamed with redis-cli --rdb (the replica way) the same way', async () => {
    const streamed = `${dump}.streamed`;
    const cli = spawnSync(
      requireBinary('redis-cli'),
      ['-h', server.host, '-p', String(server.port), '--rdb', streamed],
      { encoding: 'utf8' },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const again = await collect(streamed);
    expect(again.report.classes).toEqual(offline.report.classes);
    expect([...again.records.keys()].sort()).toEqual([...offline.records.keys()].sort());
  });

  it("reads a gzip'd dump and rdb:///abs/path the same way", async () => {
    const gz = `${dump}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(dump)));
    const again = await collect(`rdb://${gz}`);
    expect(again.report.classes).toEqual(offline.report.classes);
    expect(again.report.totals).toEqual(offline.report.totals);
  });

  it('gives the same report in every format through the CLI, and inspects a key of the dump', async () => {
    const json = await sessctl(['scan', dump, '--format', 'json']);
    expect(json.code, json.stderr).toBe(1); // findings: empty sessions and no-TTL ones
    const report = JSON.parse(json.stdout) as ScanReport;
    expect(report.classes).toEqual(offline.report.classes);
    const nd = await sessctl(['scan', dump, '--format', 'ndjson']);
    const lines = nd.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBe(offline.records.size + 1);
    expect(lines.at(-1)).toHaveProperty('summary');
    const table = await sessctl(['scan', dump, '--format', 'table']);
    expect(table.stdout).toContain(`dump: RDB ${kind === 'redis' ? 10 : 11}`);

    const key = 'sess:user00000000000000000000000000000';
    const inspected = await sessctl(['inspect', dump, key, '--format', 'json']);
    expect(inspected.code, inspected.stderr).toBe(0);
    expect(JSON.parse(inspected.stdout)).toMatchObject({
      schema: 'sessctl-inspect/1',
      node: 'db0',
      ttlMs: null,
      classes: ['no-ttl'],
      store: { kind: 'rdb' },
    });
    const missing = await sessctl(['inspect', dump, 'sess:nope']);
    expect(missing.code).toBe(2);
  });

  it('writes the partial report of a truncated dump with complete: false, naming the byte offset (exit 3)', async () => {
    const cut = `${dump}.cut`;
    const bytes = readFileSync(dump);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const res = await sessctl(['scan', cut, '--format', 'json']);
    expect(res.code).toBe(3);
    const report = JSON.parse(res.stdout) as ScanReport;
    expect(report.complete).toBe(false);
    expect(report.problems.join(' ')).toMatch(/truncated.*\(at byte \d+\)/);
    expect(report.totals.keys).toBeGreaterThan(0);
    expect(report.totals.keys).toBeLessThan(offline.report.totals.keys);
  });
});

describe('offline scan of an LRU-policy dump', () => {
  let server: RunningServer;
  let dump: string;

  beforeAll(async () => {
    server = await startRedis('redis', ['--maxmemory-policy', 'allkeys-lru']);
    const r = new Redis(server.port, server.host);
    const now = Date.now();
    // Sessions created 20 minutes ago: half untouched since (idle 1200 s), half read a minute ago.
    // RESTORE … IDLETIME sets the LRU clock exactly, as a server running that long would have it.
    for (let i = 0; i < 10; i++) {
      const key = `sess:lru${String(i).padStart(30, '0')}`;
      await r.set('tmp', express(now - 1_200_000));
      const payload = await r.dumpBuffer('tmp');
      await r.call('RESTORE', key, String(DAY_MS - 1_200_000), payload, 'IDLETIME', i < 5 ? '1200' : '60');
    }
    await r.del('tmp');
    const dir = ((await r.config('GET', 'dir')) as string[])[1]!;
    await r.save();
    r.disconnect();
    dump = join(dir, 'dump.rdb');
    copyFileSync(dump, `${dump}.copy`);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("uses the dump's IDLE records: never-read where idle ≈ age, as the live scan has it", async () => {
    const offline = await collect(dump);
    const live = await collect(server.url);
    expect(offline.report.store.idleTrust).toMatchObject({ usable: true, from: expect.stringMatching(/IDLE records/) });
    expect(offline.records.size).toBe(10);
    for (const [key, off] of offline.records) {
      const on = live.records.get(key)!;
      expect(off.classes, key).toEqual(on.classes);
      expect(Math.abs(off.idleS! - on.idleS!), key).toBeLessThanOrEqual(3);
    }
    const neverRead = [...offline.records.values()].filter((r) => r.classes.includes('never-read')).map((r) => r.key);
    expect(neverRead.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `sess:lru${String(i).padStart(30, '0')}`));
  });
});

describe('--layout with a dump', () => {
  it('a bad layout is the usage error (exit 2) before the dump is opened, even a missing one', async () => {
    const r = await sessctl(['scan', join(import.meta.dirname, 'no-such-dump.rdb'), '--layout', 'session_']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--layout: layout "session_" must hold exactly one placeholder/);
    expect(r.stderr).not.toMatch(/SESSCTL_FILE|no such file/i);
  });
});
