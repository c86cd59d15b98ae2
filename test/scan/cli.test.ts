import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { freePort, startRedis, type RunningServer } from '../harness/servers.js';
import { sessctl } from '../harness/cli.js';

const servers = inject('servers');
const P = `tcli${process.pid}:`;

describe('sessctl scan: the foundation contract (issue 2)', () => {
  it('exits 2 with one line for a wrong scheme', async () => {
    const r = await sessctl(['scan', 'foo://x']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')[0]).toMatch(/unsupported store URL scheme "foo:\/\/"/);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('  hint:')),
    ).toHaveLength(1);
  });

  it('exits 3 with one line for a closed port, never printing the password', async () => {
    const port = await freePort();
    const r = await sessctl(['scan', `redis://admin:hunter2secret@127.0.0.1:${port}`]);
    expect(r.code).toBe(3);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('  hint:')),
    ).toHaveLength(1);
    expect(r.stderr).toMatch(/connection refused/);
    expect(r.stdout + r.stderr).not.toContain('hunter2secret');
  });

  it('--count 0 is a bad argument (exit 2), not a SCAN the server refuses (exit 3)', async () => {
    const r = await sessctl(['scan', servers.redis.url, '--match', `${P}*`, '--count', '0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(/^sessctl: option '--count <n>' argument '0' is invalid\. .*at least 1/);
  });

  it('exits 3 for a closed memcached port', async () => {
    const port = await freePort();
    const r = await sessctl(['scan', `memcached://127.0.0.1:${port}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot connect to memcached 127\.0\.0\.1:\d+: connection refused/);
  });
});

describe('a password in the URL is never printed', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startRedis('redis', ['--requirepass', 'pa55-w0rd-xyz']);
    const r = new Redis({ port: server.port, password: 'pa55-w0rd-xyz' });
    await r.set(`${P}sess:abcdefghijklmnop`, '{"cookie":{"originalMaxAge":null}}');
    r.disconnect();
  });
  afterAll(() => server.stop());

  it('scans with it and keeps it out of stdout, stderr and the JSON report', async () => {
    for (const format of ['json', 'table', 'ndjson']) {
      const r = await sessctl(['--format', format, 'scan', `redis://:pa55-w0rd-xyz@127.0.0.1:${server.port}`]);
      expect([0, 1]).toContain(r.code);
      expect(r.stdout + r.stderr).not.toContain('pa55-w0rd-xyz');
      expect(r.stdout).toContain(`redis://:***@127.0.0.1:${server.port}`);
    }
  });

  it('a wrong password exits 3 naming the failure, not the password', async () => {
    const r = await sessctl(['scan', `redis://:wrong-pass-123@127.0.0.1:${server.port}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/authentication failed/);
    expect(r.stderr).toMatch(/hint: give the password as redis:\/\/:PASSWORD@host/);
    expect(r.stderr).not.toContain('wrong-pass-123');
  });

  it('no password at all says the server wants one (exit 3), with the URL form as the hint', async () => {
    const r = await sessctl(['scan', `redis://127.0.0.1:${server.port}`]);
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toMatch(/the server wants a password/);
    expect(r.stderr).toMatch(/hint: give the password as redis:\/\/:PASSWORD@host/);
  });

  it('a database the server does not have is a bad URL: exit 2 on both connection paths', async () => {
    const scan = await sessctl(['scan', `redis://:pa55-w0rd-xyz@127.0.0.1:${server.port}/99`]);
    expect(scan.code).toBe(2);
    expect(scan.stderr.split('\n')[0]).toMatch(/the database number in the URL does not exist there/);
    // clean reaches the store through ioredis
    const clean = await sessctl(['clean', `redis://:pa55-w0rd-xyz@127.0.0.1:${server.port}/99`]);
    expect(clean.code).toBe(2);
    expect(clean.stdout + clean.stderr + scan.stdout + scan.stderr).not.toContain('pa55-w0rd-xyz');
  });
});

describe('scan output formats', () => {
  beforeAll(async () => {
    const r = new Redis(servers.valkey.port, '127.0.0.1');
    for (let i = 0; i < 5; i++)
      await r.set(
        `${P}sess:${'k'.repeat(20)}${i}`,
        JSON.stringify({
          cookie: {
            originalMaxAge: 60000,
            expires: new Date(Date.now() + 60000).toISOString(),
            httpOnly: true,
            path: '/',
          },
        }),
        'EX',
        60,
      );
    r.disconnect();
  });

  it('json follows sessctl-scan/1', async () => {
    const r = await sessctl(['--format', 'json', 'scan', servers.valkey.url, '--match', `${P}*`]);
    const j = JSON.parse(r.stdout);
    expect(j.schema).toBe('sessctl-scan/1');
    expect(j.complete).toBe(true);
    expect(j.store).toMatchObject({ kind: 'redis', noTouch: true, url: servers.valkey.url });
    expect(j.totals.keys).toBe(5);
    expect(Array.isArray(j.prefixes)).toBe(true);
    expect(r.stderr).toBe('');
  });

  it('ndjson streams one line per key then a summary, keys redacted unless --show-keys', async () => {
    const r = await sessctl(['--format', 'ndjson', 'scan', servers.valkey.url, '--match', `${P}*`]);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[5].summary.schema).toBe('sessctl-scan/1');
    for (const l of lines.slice(0, 5)) {
      expect(Object.keys(l)).toEqual(
        expect.arrayContaining([
          'key',
          'prefix',
          'framework',
          'format',
          'bytes',
          'ttlMs',
          'idleS',
          'ageS',
          'classes',
          'evidence',
        ]),
      );
      expect(l.key).not.toContain('kkkkkkkkkkkk');
      expect(l.key).toMatch(/…#[0-9a-f]{6}$/);
    }
    const shown = await sessctl(['--format', 'ndjson', 'scan', servers.valkey.url, '--match', `${P}*`, '--show-keys']);
    expect(shown.stdout).toContain(`${P}sess:${'k'.repeat(20)}0`);
  });

  it('table renders per-prefix blocks', async () => {
    const r = await sessctl(['--format', 'table', 'scan', servers.valkey.url, '--match', `${P}*`]);
    expect(r.stdout).toMatch(/sessctl scan redis:\/\/127\.0\.0\.1:\d+ · valkey 8\./);
    // piped, the report is 80 columns wide: prose wraps at word boundaries (issue 20 §6)
    expect(r.stdout.split('\n').filter((l) => l.length > 80)).toEqual([]);
    expect(r.stdout).toMatch(/idle times usable/);
  });

  it('idle times with caveats read "usable, with caveats", never a plain green "usable" above them (issue 20)', async () => {
    for (const url of [servers.valkey.url, servers.redis.url]) {
      const json = JSON.parse((await sessctl(['--format', 'json', 'scan', url, '--match', `${P}*`])).stdout);
      const table = (await sessctl(['--format', 'table', 'scan', url, '--match', `${P}*`])).stdout;
      const { usable, reasons } = json.store.idleTrust;
      if (usable && reasons.length) expect(table).toMatch(/idle times usable, with caveats/);
      if (usable && !reasons.length) expect(table).toMatch(/idle times usable(?!,)/);
    }
  });
});
