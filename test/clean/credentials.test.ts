import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessctl } from '../harness/cli.js';
import { startRedis, type RunningServer } from '../harness/servers.js';
import { expressSession, sid } from './sessions.js';

const PASSWORD = 'clean-test-s3cret';

describe('clean and restore against a store with a password', () => {
  let server: RunningServer;
  let url: string;
  let w: Redis;
  const keys: string[] = [];
  beforeAll(async () => {
    server = await startRedis('redis', ['--requirepass', PASSWORD]);
    url = `redis://:${PASSWORD}@127.0.0.1:${server.port}`;
    w = new Redis(url);
    for (let i = 0; i < 4; i++) {
      const k = `sess:${sid()}`;
      const { value, ttlMs } = expressSession('empty');
      await w.set(k, value, 'PX', ttlMs);
      keys.push(k);
    }
  });
  afterAll(async () => {
    w.disconnect();
    await server.stop();
  });

  it('keeps the password out of the backup and every output; restore then needs the URL', async () => {
    const backup = join(mkdtempSync(join(tmpdir(), 'sessctl-clean-cred-')), 'b.ndjson');
    const r = await sessctl(['clean', url, '--apply', '--yes', '--backup', backup]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/deleted 4/);
    for (const text of [r.stdout, r.stderr, readFileSync(backup, 'utf8')]) expect(text).not.toContain(PASSWORD);
    expect(await w.exists(...keys)).toBe(0);

    const refused = await sessctl(['restore', backup, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/credentials.*give the store URL/);
    const ok = await sessctl(['restore', backup, url, '--yes']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/restored 4 of 4/);
    expect(ok.stdout + ok.stderr).not.toContain(PASSWORD);
    expect(await w.exists(...keys)).toBe(4);
  });
});
