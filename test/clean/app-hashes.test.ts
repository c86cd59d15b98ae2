import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessctl } from '../harness/cli.js';
import { startRedis, type RunningServer } from '../harness/servers.js';

/** An app's own hashes (no TTL) beside its sessions: clean must not take them for Spring sessions. */
describe('clean on a store that also holds ordinary hashes', () => {
  let server: RunningServer;
  let r: Redis;
  const dir = mkdtempSync(join(tmpdir(), 'sessctl-app-hashes-'));
  beforeAll(async () => {
    server = await startRedis('valkey');
    r = new Redis(server.url);
    for (let i = 0; i < 5; i++) {
      await r.hset(`user:${i}`, { name: `user${i}`, email: `u${i}@example.com` });
      await r.hset(`cart:${i}`, { sku: 'A-1', qty: '2' });
    }
  });
  afterAll(async () => {
    r.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--class no-ttl,anonymous --apply --yes leaves user:* and cart:* alone', async () => {
    const res = await sessctl([
      'clean',
      server.url,
      '--class',
      'no-ttl,anonymous',
      '--min-age',
      '0s',
      '--apply',
      '--yes',
      '--backup',
      join(dir, 'b.ndjson'),
      '--format',
      'json',
    ]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).selected.count).toBe(0);
    expect(await r.dbsize()).toBe(10);
    const scan = JSON.parse((await sessctl(['scan', server.url, '--format', 'json'])).stdout);
    expect(scan.totals.sessions).toBe(0);
  });
});
