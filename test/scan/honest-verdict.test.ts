/**
 * Django cache sessions that hold anonymous data (a cart, a visit flag) and no creation time: 75 %
 * anonymous, and nothing in the payload or the idle times can say which of them are orphans. The
 * verdict must say so, not "healthy"; the JSON says `orphanEvidence: unprovable`. Real bytes:
 * test/fixtures/django/redis-cache, written by Django 3.2's SessionMiddleware over django-redis.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScanReport } from '../../src/scan/types.js';
import { sessctl } from '../harness/cli.js';
import { loadFixtures } from '../interop/non-node.js';

const servers = inject('servers');
const fixtures = loadFixtures('django').filter((f) => f.variant === 'redis-cache');
const bytesOf = (kase: string) => Buffer.from(fixtures.find((f) => f.case === kase)!.stored.bytes!);
// Django's cache key is KEY_PREFIX:VERSION:django.contrib.sessions.cache<32 chars>
const stem = `hv${process.pid}:1:django.contrib.sessions.cache`;
const id = (i: number) => `${String(i).padStart(4, '0')}q7x2k9m4p1z8w3n6v5b0c2d8e5f1h3j7`.slice(0, 32);
let w: Redis;

beforeAll(async () => {
  w = new Redis(servers.redis.port, '127.0.0.1');
  const ttl = fixtures[0]!.meta.ttlS;
  for (let i = 0; i < 6; i++) await w.set(`${stem}a${id(i).slice(1)}`, bytesOf('anonymous'), 'EX', ttl);
  for (let i = 0; i < 2; i++) await w.set(`${stem}u${id(i).slice(1)}`, bytesOf('authenticated'), 'EX', ttl);
});
afterAll(async () => {
  const keys = await w.keys(`${stem}*`);
  if (keys.length) await w.del(...keys);
  w.disconnect();
});

describe('a prefix whose orphans cannot be told', () => {
  const args = ['scan', servers.redis.url, '--match', `${stem}*`];

  it('JSON: Django, 75 % anonymous, orphanEvidence unprovable', async () => {
    const r = await sessctl([...args, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.prefixes).toHaveLength(1);
    expect(report.prefixes[0]).toMatchObject({
      prefix: stem,
      framework: 'django',
      sessions: 8,
      classes: { anonymous: { count: 6 }, live: { count: 2 } },
      orphanEvidence: 'unprovable',
    });
    expect(report.prefixes[0]!.orphans.count).toBe(0);
  });

  it('table: the verdict says what cannot be told, why, and what would tell, never "healthy"', async () => {
    const r = await sessctl([...args, '--format', 'table']);
    expect(r.code, r.stderr).toBe(0);
    const verdict = /verdict (.*)/.exec(r.stdout.replace(/\n {10}/g, ' '))![1]!;
    expect(verdict).not.toContain('healthy');
    expect(verdict).toMatch(
      /^75% hold anonymous data \(not empty, no user identity\) and whether they are orphans cannot be told: not provable without a creation time in the payload/,
    );
    expect(verdict).toContain(`sessctl probe <app-url> --store ${servers.redis.url}`);
    expect(verdict).toMatch(/--stale/);
    // the note stands under the bars, so the row fits 80 columns
    expect(r.stdout).toMatch(/orphans +0 +0% [^\n]*\n +\(unprovable here: a lower bound\)/);
  });

  it('an all-authenticated prefix of the same framework stays provable and healthy', async () => {
    const r = await sessctl(['scan', servers.redis.url, '--match', `${stem}u*`, '--format', 'table']);
    expect(r.stdout).toMatch(/verdict healthy: no orphaned, never-expiring or stale sessions/);
    const json = JSON.parse(
      (await sessctl(['scan', servers.redis.url, '--match', `${stem}u*`, '--format', 'json'])).stdout,
    ) as ScanReport;
    expect(json.prefixes[0]).toMatchObject({ sessions: 2, orphanEvidence: 'provable' });
  });
});
