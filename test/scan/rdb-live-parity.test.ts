import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/scan/types.js';
import { sessctl } from '../harness/cli.js';
import { requireBinary, startRedis, type RunningServer } from '../harness/servers.js';

/**
 * Issue 18: an offline scan's report equals a live scan's of the same data. One server (an LRU
 * policy, so the dump carries IDLE like the live server answers OBJECT IDLETIME) is scanned live and
 * through its BGSAVE dump, both with the CLI's JSON report, and the reports are compared field by
 * field except the store's own facts and the timing. Keys of every other type count in both.
 */
const DAY_MS = 86_400_000;
/** Keys of the types a session store does not use: counted, their values not read. */
const OTHER_TYPES = ['queue:jobs', 'tags:all', 'board:top', 'events:log'];

function express(createdAt: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    cookie: { originalMaxAge: DAY_MS, expires: new Date(createdAt + DAY_MS).toISOString(), httpOnly: true, path: '/' },
    ...extra,
  });
}

async function populate(r: Redis): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < 30; i++)
    await r.set(`sess:empty${String(i).padStart(28, '0')}`, express(now - 600_000), 'PX', DAY_MS);
  for (let i = 0; i < 6; i++)
    await r.set(`sess:user${String(i).padStart(29, '0')}`, express(now, { passport: { user: `u-${i}` } }));
  await r.hset('spring:session:sessions:0b7c6a9e', 'creationTime', '1', 'maxInactiveInterval', '1800');
  await r.set('counter:visits', '12345');
  await r.set('blob:big', 'x'.repeat(5000));
  await r.rpush('queue:jobs', 'a', 'b', 'c');
  await r.sadd('tags:all', 'x', 'y');
  await r.zadd('board:top', 1, 'a', 2, 'b');
  await r.xadd('events:log', '*', 'f', 'v');
  await r.expire('queue:jobs', 3600);
}

/**
 * The report without what describes the source or the moment rather than the keys: the store and
 * its estimate, the time taken, pacing; each signal's wording of where idle time came from; the
 * initial TTL, which is PTTL + idle at 1 s resolution on each side (checked to within 1 s); and
 * which keys are the examples (the first of each class in walk order, and SCAN's order is not the
 * dump's: their classes are compared).
 */
function comparable(report: ScanReport): Record<string, unknown> {
  const { store: _store, durationMs: _durationMs, pacing: _pacing, estimate: _estimate, ...rest } = report;
  const copy = structuredClone(rest);
  for (const p of copy.prefixes) {
    p.initialTtlS = p.initialTtlS === null ? null : -1;
    p.examples = p.examples
      .map((e) => ({ key: '', classes: e.classes }))
      .sort((a, b) => (a.classes.join() < b.classes.join() ? -1 : 1));
    p.signals = p.signals.map((s) =>
      s.signal === 'idle-time' ? { ...s, why: '' } : { ...s, why: s.why.replace(/\d+s\b/g, 'Ns') },
    );
  }
  return copy;
}

describe.each(['redis', 'valkey'] as const)('a %s server and its BGSAVE dump', (kind) => {
  let server: RunningServer;
  let live: ScanReport;
  let offline: ScanReport;

  beforeAll(async () => {
    requireBinary(`${kind}-server`);
    server = await startRedis(kind, ['--maxmemory', '1gb', '--maxmemory-policy', 'allkeys-lru']);
    const r = new Redis(server.port, server.host);
    await populate(r);
    const dir = ((await r.config('GET', 'dir')) as string[])[1]!;
    await r.bgsave();
    // BGSAVE answers once the child is forked, and the server says bgsave_in_progress until the dump
    // has been renamed into place.
    while (/rdb_bgsave_in_progress:1/.test(await r.info('persistence')))
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await r.info('persistence')).toMatch(/rdb_last_bgsave_status:ok/);
    r.disconnect();
    const [onRun, offRun] = [
      await sessctl(['scan', `${server.url}/0`, '--format', 'json']),
      await sessctl(['scan', join(dir, 'dump.rdb'), '--format', 'json']),
    ];
    expect(onRun.code, onRun.stderr).toBe(1);
    expect(offRun.code, offRun.stderr).toBe(1);
    live = JSON.parse(onRun.stdout) as ScanReport;
    offline = JSON.parse(offRun.stdout) as ScanReport;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('counts the keys of other types as the live scan does', () => {
    expect(offline.totals.keys).toBe(30 + 6 + 1 + 2 + OTHER_TYPES.length);
    expect(offline.totals.keys).toBe(live.totals.keys);
    expect(offline.store.dump?.skipped.byType).toEqual({ list: 1, set: 1, zset: 1, stream: 1 });
  });

  it('measures the initial TTL the app set, live and offline, to the resolution of the clocks it reads', () => {
    // The sum PTTL + idle is the TTL the app set. Idle comes from the server's LRU clock, whole
    // seconds on both sides, so it is up to 1 s off either way; offline, the remaining TTL is
    // counted from the end of the dump's ctime second, up to 1 s early. Each side's sum is thus
    // within 2 s of the truth, and two such estimates can differ by more than a second (a shaken
    // run saw it): each is held to the truth instead of to the other.
    const ttl = (r: ScanReport) => r.prefixes.find((p) => p.prefix === 'sess:')!.initialTtlS!;
    expect(Math.abs(ttl(live) - DAY_MS / 1000)).toBeLessThanOrEqual(1);
    expect(Math.abs(ttl(offline) - DAY_MS / 1000)).toBeLessThanOrEqual(2);
  });

  it('gives the same report, field by field, but for the sizes of the other types', () => {
    // A list's, set's, … size is MEMORY USAGE live and the bytes of its value in the dump offline:
    // the one figure that cannot agree. Each side's other-type prefixes are compared without it.
    const otherPrefixes = new Set(OTHER_TYPES.map((k) => k.slice(0, k.indexOf(':') + 1)));
    const strip = (report: ScanReport) => {
      const copy = comparable(report) as Omit<ScanReport, 'store' | 'durationMs' | 'pacing' | 'estimate'>;
      const otherBytes = report.prefixes.filter((p) => otherPrefixes.has(p.prefix)).reduce((n, p) => n + p.bytes, 0);
      copy.totals.bytes -= otherBytes;
      for (const p of copy.prefixes)
        if (otherPrefixes.has(p.prefix))
          Object.assign(p, { bytes: undefined, histograms: { ...p.histograms, size: [] } });
      return { copy, otherBytes };
    };
    const on = strip(live);
    const off = strip(offline);
    expect(off.otherBytes).toBeGreaterThan(0);
    expect(off.copy).toEqual(on.copy);
  });
});
