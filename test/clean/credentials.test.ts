import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('takes the password from REDISCLI_AUTH, --password-file or env:NAME, never from argv (issue 21)', async () => {
    const bare = `redis://127.0.0.1:${server.port}`;
    const pwFile = join(mkdtempSync(join(tmpdir(), 'sessctl-pw-')), 'pw');
    writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    const runs = [
      await sessctl(['--format', 'json', '--fail-on', 'none', 'scan', bare], { env: { REDISCLI_AUTH: PASSWORD } }),
      await sessctl(['--format', 'json', '--fail-on', 'none', '--password-file', pwFile, 'scan', bare]),
      await sessctl(['--format', 'json', '--fail-on', 'none', 'scan', 'env:SESSCTL_TEST_STORE'], {
        env: { SESSCTL_TEST_STORE: url },
      }),
    ];
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        complete: true,
        store: { url: expect.stringMatching(/^redis:\/\/:\*\*\*@127\.0\.0\.1:/) },
      });
      expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    }
    // clean and restore (the store named by the backup) with the password from REDISCLI_AUTH only.
    const backup = join(mkdtempSync(join(tmpdir(), 'sessctl-clean-cred-')), 'env.ndjson');
    const env = { REDISCLI_AUTH: PASSWORD };
    const cleaned = await sessctl(['clean', bare, '--apply', '--yes', '--backup', backup], { env });
    expect(cleaned.stdout).toMatch(/deleted 4/);
    expect(await w.exists(...keys)).toBe(0);
    const restored = await sessctl(['restore', backup, '--yes'], { env });
    expect(restored.stderr).toMatch(
      /^sessctl: restoring 4 sessions \(prefixes: "sess:"\) into redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\n$/,
    );
    expect(restored.stdout).toMatch(/restored 4 of 4/);
    expect(await w.exists(...keys)).toBe(4);
    for (const text of [cleaned.stdout, cleaned.stderr, restored.stdout, restored.stderr, readFileSync(backup, 'utf8')])
      expect(text).not.toContain(PASSWORD);

    const unset = await sessctl(['scan', 'env:SESSCTL_TEST_UNSET']);
    expect(unset.code).toBe(2);
    expect(unset.stderr.split('\n')[0]).toBe(
      'sessctl: env:SESSCTL_TEST_UNSET: the environment variable SESSCTL_TEST_UNSET is not set',
    );
    const both = await sessctl(['--password-file', pwFile, 'scan', url]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/has a password and --password-file gives another/);
  });
});
