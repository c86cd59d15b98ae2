/**
 * Safety of custom layers: a prefix recognised by detection alone is reported but never cleaned,
 * so an app's own `user:<uuid>` records holding `{}` can never be taken for empty sessions. Only
 * --layout or --match naming a keyspace lets clean act on it. Its own redis-server: a clean
 * without --match walks (and with --apply deletes from) the whole keyspace.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clean } from '../../src/clean/clean.js';
import { scan } from '../../src/scan/scan.js';
import { sessctl } from '../harness/cli.js';
import { startRedis, type RunningServer } from '../harness/servers.js';

let server: RunningServer;
let w: Redis;
const dir = mkdtempSync(join(tmpdir(), 'sessctl-clean-layer-'));
const users: string[] = [];
const emptySessions: string[] = [];
const usedSessions: string[] = [];

/** A key idle for 10 minutes (RESTORE … IDLETIME), past clean's default --min-age. */
async function put(key: string, value: string): Promise<void> {
  await w.set(key, value, 'EX', 3600);
  const dump = await w.dumpBuffer(key);
  await w.call('RESTORE', key, String(await w.pttl(key)), dump, 'REPLACE', 'IDLETIME', '600');
}

beforeAll(async () => {
  server = await startRedis('redis');
  w = new Redis(server.port, '127.0.0.1');
});
beforeEach(async () => {
  await w.flushall();
  users.length = emptySessions.length = usedSessions.length = 0;
  for (let i = 0; i < 12; i++) users.push(`user:${randomUUID()}`);
  for (let i = 0; i < 8; i++) emptySessions.push(`session_${randomUUID()}`);
  for (let i = 0; i < 6; i++) usedSessions.push(`session_${randomUUID()}`);
  for (const k of users) await put(k, '{}');
  for (const k of emptySessions) await put(k, '{}');
  for (const k of usedSessions) await put(k, JSON.stringify({ identifier: randomUUID() }));
});
afterAll(async () => {
  w?.disconnect();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const present = async (keys: string[]) => (await Promise.all(keys.map((k) => w.exists(k)))).filter(Boolean).length;

describe('clean and custom session layers', () => {
  it('the scan recognises both prefixes as custom layers, by detection alone', async () => {
    const report = await scan(server.url, { minAgeMs: 0 });
    expect(report.prefixes.find((p) => p.prefix === 'user:')).toMatchObject({
      framework: 'generic',
      sessions: 12,
      classes: { empty: { count: 12 } },
      layout: { source: 'detected', confidence: 'low' },
    });
    expect(report.prefixes.find((p) => p.prefix === 'session_')).toMatchObject({
      framework: 'generic',
      sessions: 14,
      classes: { empty: { count: 8 } },
      layout: { source: 'detected', confidence: 'medium' },
    });
  });

  // The warnings count the keys that were old enough and of a selected class: detection alone held them back.
  it('without --layout or --match, the dry run selects nothing from detected prefixes', async () => {
    const dry = await clean(server.url, { classes: ['empty', 'anonymous'] });
    expect(dry.selected.count).toBe(0);
    expect(dry.warnings.join('\n')).toMatch(
      /12 keys under user: left alone: a custom session layer recognised by detection alone is never cleaned; name it with --layout 'user:\{id\}' or --match 'user:\*'/,
    );
    expect(dry.warnings.join('\n')).toMatch(/14 keys under session_ left alone/);
  });

  it('without --layout or --match, --apply deletes nothing from detected prefixes', async () => {
    const applied = await clean(server.url, {
      classes: ['empty', 'anonymous'],
      apply: true,
      backup: join(dir, 'none.ndjson'),
    });
    expect(applied.selected.count).toBe(0);
    expect(applied.warnings.join('\n')).toMatch(
      /12 keys under user: left alone.*\n.*14 keys under session_ left alone|14 keys under session_ left alone.*\n.*12 keys under user: left alone/,
    );
    expect(applied.result).toMatchObject({ deleted: 0 });
    expect(await present([...users, ...emptySessions, ...usedSessions])).toBe(26);
  });

  it('--layout names the session layer: the dry run selects its empty sessions and nothing else', async () => {
    const dry = await clean(server.url, { layouts: ['session_{id}'] });
    expect(dry.selected.groups).toEqual([
      { prefix: 'session_', class: 'empty', action: 'delete', count: 8, bytes: 16 },
    ]);
  });

  // Its own run on fresh keys: a dry run on Redis < 7.2 reads payloads and resets idle times.
  it('--layout --apply: its empty sessions go, user:<uuid> records stay', async () => {
    const r = await sessctl([
      'clean',
      server.url,
      '--layout',
      'session_{id}',
      '--apply',
      '--yes',
      '--backup',
      join(dir, 'layout.ndjson'),
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ policy: { layouts: ['session_{id}'] }, result: { deleted: 8 } });
    expect(await present(emptySessions)).toBe(0);
    expect(await present(usedSessions)).toBe(6);
    expect(await present(users)).toBe(12);
  });

  it('--match names a keyspace too, and only that one', async () => {
    const r = await clean(server.url, { match: 'session_*', apply: true, backup: join(dir, 'match.ndjson') });
    expect(r.result).toMatchObject({ deleted: 8 });
    expect(await present(users)).toBe(12);
    expect(await present(usedSessions)).toBe(6);
  });
});
