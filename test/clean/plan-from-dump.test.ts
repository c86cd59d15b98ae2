import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanReport } from '../../src/clean/types.js';
import { sessctl } from '../harness/cli.js';
import { startRedis, type RunningServer } from '../harness/servers.js';

const DAY_MS = 86_400_000;

function express(createdAt: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    cookie: { originalMaxAge: DAY_MS, expires: new Date(createdAt + DAY_MS).toISOString(), httpOnly: true, path: '/' },
    ...extra,
  });
}

const empty = (i: number) => `sess:empty${String(i).padStart(28, '0')}`;

/** Calls per command since the last CONFIG RESETSTAT. */
async function commandCalls(r: Redis): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const m of (await r.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    out.set(m[1]!, Number(m[2]));
  return out;
}

/**
 * `clean --plan-from dump.rdb <store-url>`: the dump selects, the live server is only asked about the
 * selected keys (never SCANned), and a key changed since the dump (value, expiry, or gone) stays.
 */
describe('clean --plan-from a dump', () => {
  let server: RunningServer;
  let r: Redis;
  let dump: string;
  const dir = mkdtempSync(join(tmpdir(), 'sessctl-plan-from-'));

  beforeAll(async () => {
    server = await startRedis('redis');
    r = new Redis(server.url);
    const created = Date.now() - 600_000;
    for (let i = 0; i < 30; i++) await r.set(empty(i), express(created), 'PX', DAY_MS - 600_000);
    for (let i = 0; i < 5; i++)
      await r.set(
        `sess:user${String(i).padStart(29, '0')}`,
        express(created, { passport: { user: `u-${i}` } }),
        'PX',
        DAY_MS,
      );
    await r.select(2);
    await r.set(empty(0), express(created), 'PX', DAY_MS);
    await r.select(0);
    await r.save();
    dump = join(((await r.config('GET', 'dir')) as string[])[1]!, 'dump.rdb');
    // Since the dump: one rewritten, one given a later expiry, one made persistent, one deleted, one
    // given an earlier expiry (a dump knows the absolute expiry, so that is a change too).
    await r.set(empty(0), express(created, { passport: { user: 'u-late' } }), 'KEEPTTL');
    await r.pexpire(empty(1), DAY_MS);
    await r.persist(empty(2));
    await r.del(empty(3));
    await r.pexpire(empty(4), 3_600_000);
  });

  afterAll(async () => {
    r.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses what it cannot plan from or for (exit 2) before touching the server', async () => {
    const notDump = await sessctl(['clean', '--plan-from', server.url, server.url]);
    expect(notDump.code).toBe(2);
    expect(notDump.stderr).toMatch(/--plan-from takes an RDB dump/);
    const memcached = await sessctl(['clean', '--plan-from', dump, 'memcached://127.0.0.1:1']);
    expect(memcached.code).toBe(2);
    const missing = await sessctl(['clean', '--plan-from', join(dir, 'nope.rdb'), server.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read dump/);
  });

  it('a dry run selects from the dump and changes nothing', async () => {
    const res = await sessctl(['clean', '--plan-from', dump, server.url, '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as CleanReport;
    expect(report.selected.count).toBe(30);
    expect(report.scanned.keys).toBe(35);
    expect(report.planFrom).toMatchObject({ url: `rdb://${dump}`, rdbVersion: 10, complete: true });
    expect(report.store.url).toBe(server.url);
    expect(await r.dbsize()).toBe(34);
  });

  it('--apply deletes on the live server only the selected keys unchanged since the dump, and never walks it', async () => {
    await r.config('RESETSTAT');
    const backup = join(dir, 'b.ndjson');
    const res = await sessctl([
      'clean',
      '--plan-from',
      dump,
      server.url,
      '--apply',
      '--yes',
      '--backup',
      backup,
      '--format',
      'json',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as CleanReport;
    expect(report.result).toMatchObject({ deleted: 25, skipped: { changed: 4, gone: 1, error: 0 } });
    const calls = await commandCalls(r);
    expect(calls.get('scan')).toBeUndefined();
    expect(calls.get('evalsha')).toBe(29);

    for (let i = 5; i < 30; i++) expect(await r.exists(empty(i)), empty(i)).toBe(0);
    for (const i of [0, 1, 2, 4]) expect(await r.exists(empty(i)), empty(i)).toBe(1);
    expect(await r.pttl(empty(2))).toBe(-1);
    expect(await r.keys('sess:user*')).toHaveLength(5);
    // db 2 holds a key of the same name, empty in the dump: the live URL is db 0, so it stays.
    await r.select(2);
    expect(await r.exists(empty(0))).toBe(1);
    await r.select(0);
    expect(
      readFileSync(backup, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"redis"')),
    ).toHaveLength(29);

    const restored = await sessctl(['restore', backup, '--yes', '--format', 'json']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await r.dbsize()).toBe(34);
  });
});
