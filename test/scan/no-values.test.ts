/**
 * `--no-values` is the metadata scan: on memcached it must classify from `lru_crawler metadump`
 * alone (no per-key command, so no fetch flag or last-access can move), and on both stores the key
 * layout still names the framework, so the classes metadata can prove (no-ttl) are counted.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { sessctl } from '../harness/cli.js';
import { startMemcached, type RunningServer } from '../harness/servers.js';

const servers = inject('servers');
const P = `nv${process.pid}`;
const VALUE = '{"cookie":{"originalMaxAge":3600000,"expires":"2030-01-01T00:00:00.000Z","httpOnly":true,"path":"/"}}';

/** Sends raw text-protocol commands and returns everything the server answered. */
async function memcachedRaw(port: number, text: string, until: RegExp): Promise<string> {
  const s = connect(port, '127.0.0.1');
  let out = '';
  await new Promise<void>((resolve, reject) => {
    s.on('data', (d) => {
      out += d.toString('latin1');
      if (until.test(out)) resolve();
    });
    s.on('error', reject);
    s.write(text);
  });
  s.destroy();
  return out;
}

const stat = (stats: string, name: string) => Number(new RegExp(`STAT ${name} (\\d+)`).exec(stats)?.[1]);

describe('scan --no-values on memcached', () => {
  let mc: RunningServer;
  beforeAll(async () => {
    mc = await startMemcached();
    const set = (key: string, ttl: number) => `ms ${key} ${VALUE.length} T${ttl} F0\r\n${VALUE}\r\n`;
    await memcachedRaw(
      mc.port,
      `${set('sess:a1', 3600)}${set('sess:a2', 3600)}${set('sess:forever', 0)}mn\r\n`,
      /MN\r\n/,
    );
    // A plain get marks sess:a2 fetched, as an app reading its session would.
    await memcachedRaw(mc.port, 'mg sess:a2 v\r\nmn\r\n', /MN\r\n/);
  });
  afterAll(() => mc.stop());

  it('sends no per-key command, so nothing it measures moves', async () => {
    const before = await memcachedRaw(mc.port, 'stats\r\n', /END\r\n/);
    const { code, stdout } = await sessctl(['--format', 'json', 'scan', mc.url, '--no-values']);
    expect(code).toBe(1); // the never-expiring session is a finding
    const after = await memcachedRaw(mc.port, 'stats\r\n', /END\r\n/);
    expect(stat(after, 'cmd_get') - stat(before, 'cmd_get')).toBe(0);
    expect(stat(after, 'get_hits') - stat(before, 'get_hits')).toBe(0);

    const report = JSON.parse(stdout);
    expect(report.complete).toBe(true);
    expect(report.options.values).toBe(false);
    expect(report.totals.keys).toBe(3);
    // The key layout names express-session even without payloads; metadata proves no-ttl.
    expect(report.totals.sessions).toBe(3);
    expect(report.classes['no-ttl']?.count).toBe(1);
    expect(report.classes.empty).toBeUndefined();
    const sess = report.prefixes.find((p: { prefix: string }) => p.prefix === 'sess:');
    expect(sess.framework).toBe('express-session');
    expect(sess.signals.find((s: { signal: string }) => s.signal === 'payload').holds).toBe(false);
    // Sizes are what the items cost in the slab: more than key and value together.
    expect(report.totals.bytes).toBeGreaterThan(3 * (VALUE.length + 'sess:forever'.length));
  });

  it('gives the same fetch flags and records in two scans in a row', async () => {
    const one = await sessctl(['--format', 'ndjson', 'scan', mc.url, '--no-values', '--show-keys']);
    const two = await sessctl(['--format', 'ndjson', 'scan', mc.url, '--no-values', '--show-keys']);
    const fetched = (out: string) =>
      Object.fromEntries(
        out
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .filter((r) => !('summary' in r))
          .map((r) => [r.key, r.evidence.fetched]),
      );
    expect(fetched(one.stdout)).toEqual({ 'sess:a1': false, 'sess:a2': true, 'sess:forever': false });
    // Whole milliseconds, as on Redis, though the server clock is read with a fraction.
    for (const line of one.stdout.trim().split('\n')) {
      const r = JSON.parse(line);
      if (!('summary' in r)) expect(r.ttlMs === null || Number.isInteger(r.ttlMs)).toBe(true);
    }
    expect(fetched(two.stdout)).toEqual(fetched(one.stdout));
  });
});

describe('scan --no-values on Redis', () => {
  const redis = new Redis({ host: servers.redis.host, port: servers.redis.port, lazyConnect: true });
  beforeAll(async () => {
    await redis.connect();
    await redis.set(`sess:${P}-ttl`, VALUE, 'EX', 3600);
    await redis.set(`sess:${P}-forever`, VALUE);
  });
  afterAll(async () => {
    await redis.del(`sess:${P}-ttl`, `sess:${P}-forever`);
    redis.disconnect();
  });

  it('names the framework by key layout and counts no-ttl without reading a payload', async () => {
    const { code, stdout } = await sessctl([
      '--format',
      'json',
      'scan',
      servers.redis.url,
      '--no-values',
      '--match',
      `sess:${P}-*`,
    ]);
    expect(code).toBe(1); // the never-expiring session is a finding
    const report = JSON.parse(stdout);
    expect(report.totals).toMatchObject({ keys: 2, sessions: 2 });
    expect(report.classes).toEqual({
      'no-ttl': expect.objectContaining({ count: 1 }),
      live: expect.objectContaining({ count: 1 }),
    });
    expect(report.prefixes[0].framework).toBe('express-session');
  });
});
