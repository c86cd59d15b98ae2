import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scan } from '../../src/scan/scan.js';
import { sessctl } from '../harness/cli.js';
import {
  freePort,
  startCluster,
  startMemcached,
  startRedis,
  type RunningCluster,
  type RunningServer,
} from '../harness/servers.js';

const servers = inject('servers');
const session = JSON.stringify({
  cookie: {
    originalMaxAge: 3_600_000,
    expires: new Date(Date.now() + 3_600_000).toISOString(),
    httpOnly: true,
    path: '/',
  },
});

async function seed(r: Redis, prefix: string, n: number) {
  const p = r.pipeline();
  for (let i = 0; i < n; i++) p.set(`${prefix}${String(i).padStart(24, '0')}`, session, 'EX', 3600);
  await p.exec();
}

describe('interrupting a scan', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startRedis('redis');
    const r = new Redis(server.port, '127.0.0.1');
    await seed(r, 'sess:', 3000);
    r.disconnect();
  });
  afterAll(() => server.stop());

  it('the abort signal gives a partial report with complete: false and exit 3', async () => {
    const ac = new AbortController();
    // Abort once the walk is under way, seen on the server: a timer raced the scan's start-up
    // on a loaded machine and could abort before the first key (then totals.keys was 0).
    const monitor = await new Redis(server.port, '127.0.0.1').monitor();
    let scans = 0;
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (String(args[0]).toLowerCase() === 'scan' && ++scans === 5) ac.abort();
    });
    const r = await sessctl(['--format', 'json', 'scan', server.url, '--rate', '2000/s', '--count', '100'], {
      signal: ac.signal,
    }).finally(() => monitor.disconnect());
    expect(scans).toBeGreaterThanOrEqual(5);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.complete).toBe(false);
    expect(j.totals.keys).toBeGreaterThan(0);
    expect(j.totals.keys).toBeLessThan(3000);
    expect(j.problems).toContain('interrupted before the walk finished');
  });

  it('--rate max runs flat out and says so; a rate that is neither a number nor max exits 2', async () => {
    const r = await sessctl(['--format', 'json', 'scan', server.url, '--rate', 'max']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).pacing).toMatchObject({ mode: 'max', budget: null, slowdowns: [] });
    const fixed = JSON.parse((await sessctl(['--format', 'json', 'scan', server.url, '--rate', '50k/s'])).stdout);
    expect(fixed.pacing).toMatchObject({ mode: 'fixed', budget: 50_000 });
    const bad = await sessctl(['scan', server.url, '--rate', 'fast']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--rate <keys\/s\|max>' argument 'fast' is invalid/);
  });

  it('--rate holds the walk to the budget', async () => {
    const t = Date.now();
    const report = await scan(server.url, { rate: 6000, count: 500 });
    expect(report.totals.keys).toBe(3000);
    // 3000 keys at 6000/s: the last batch may not wait, the first five must
    expect(Date.now() - t).toBeGreaterThanOrEqual(300);
  });

  it('a dropped connection reconnects and the walk continues from its cursor', async () => {
    const killer = new Redis(server.port, '127.0.0.1');
    let killed = false;
    const seen = new Set<string>();
    const report = await scan(server.url, {
      count: 100,
      rate: 10_000,
      showKeys: true,
      onRecord: (rec) => seen.add(rec.key),
      onProgress: (p) => {
        if (!killed && p.scanned >= 500) {
          killed = true;
          void killer.client('KILL', 'TYPE', 'normal');
        }
      },
    });
    killer.disconnect();
    expect(killed).toBe(true);
    expect(report.complete).toBe(true);
    expect(seen.size).toBe(3000);
    expect(report.problems).toEqual([]);
  });
});

describe('a node that stays down', () => {
  let cluster: RunningCluster;
  beforeAll(async () => {
    cluster = await startCluster(3);
  }, 60_000);
  afterAll(() => cluster.stop());

  it('a cluster with a dead primary gives a partial report naming it, exit 3', async () => {
    const { Cluster } = await import('ioredis');
    const c = new Cluster(cluster.nodes);
    for (let i = 0; i < 60; i++) await c.set(`sess:down${String(i).padStart(24, '0')}`, session, 'EX', 3600);
    c.disconnect();
    const full = JSON.parse((await sessctl(['--format', 'json', 'scan', cluster.url])).stdout);
    expect(full.complete).toBe(true);
    expect(full.totals.keys).toBe(60);
    const victim = cluster.nodes[2]!;
    spawnSync('redis-cli', ['-p', String(victim.port), 'shutdown', 'nosave']);
    const r = await sessctl(['--format', 'json', 'scan', cluster.url]);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.complete).toBe(false);
    // the survivors are walked unless they have already declared the cluster down (then they are named too)
    expect(j.totals.keys).toBeLessThan(60);
    expect(j.problems.join('\n')).toContain(`127.0.0.1:${victim.port}: cannot connect`);
  });

  it('a memcached pool with a server down gives a partial report, exit 3', async () => {
    const dead = await freePort();
    const r = await sessctl([
      '--format',
      'json',
      'scan',
      `memcached://${servers.memcached.host}:${servers.memcached.port},127.0.0.1:${dead}`,
    ]);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.complete).toBe(false);
    expect(j.problems.join('\n')).toMatch(new RegExp(`127\\.0\\.0\\.1:${dead}: cannot connect`));
  });
});

describe('memcached started with -X', () => {
  let mc: RunningServer;
  beforeAll(async () => {
    mc = await startMemcached(['-X']);
  });
  afterAll(() => mc.stop());

  it('says clearly that it refuses to list keys, exit 3', async () => {
    const r = await sessctl(['--format', 'json', 'scan', mc.url]);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.complete).toBe(false);
    expect(j.problems.join('\n')).toMatch(/refuses to list its keys .*-X \/ --disable-dumping/);
  });
});
