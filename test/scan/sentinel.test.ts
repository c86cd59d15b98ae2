import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessctl } from '../harness/cli.js';
import { freePort, requireBinary, startRedis, waitForPort, type RunningServer } from '../harness/servers.js';

/** A Sentinel watching a primary with an ACL user: the scan resolves the primary and logs in as that user. */
describe('Sentinel and ACL users', () => {
  let primary: RunningServer;
  let sentinel: ChildProcess;
  let sentinelPort: number;
  let dir: string;
  beforeAll(async () => {
    primary = await startRedis('redis');
    const admin = new Redis(primary.port, '127.0.0.1');
    await admin.acl(
      'SETUSER',
      'scanner',
      'on',
      '>sc4nner-pass',
      '~*',
      '+@read',
      '+scan',
      '+info',
      '+dbsize',
      '+client',
      '+object',
      '+memory',
      '+ping',
      '+select',
    );
    // The narrowest ACL a cautious operator might write: GET but not MGET.
    await admin.acl(
      'SETUSER',
      'getonly',
      'on',
      '>g3t-only',
      '~*',
      '+get',
      '+pttl',
      '+scan',
      '+info',
      '+dbsize',
      '+client',
      '+object',
      '+memory',
      '+ping',
      '+select',
      '+type',
      '+hgetall',
    );
    await admin.set(
      'sess:sentinel0123456789abcdefghij',
      JSON.stringify({ cookie: { originalMaxAge: 60000, expires: new Date(Date.now() + 60000).toISOString() } }),
      'EX',
      60,
    );
    admin.disconnect();
    sentinelPort = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'sessctl-sentinel-'));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      `port ${sentinelPort}\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 ${primary.port} 1\n`,
    );
    sentinel = spawn(requireBinary('redis-server'), [conf, '--sentinel'], { stdio: 'ignore' });
    await waitForPort(sentinelPort, sentinel, 'redis-server --sentinel');
  });
  afterAll(async () => {
    sentinel?.kill('SIGKILL');
    await primary?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans the primary a Sentinel names, as an ACL user, never printing the password', async () => {
    const r = await sessctl([
      '--format',
      'json',
      'scan',
      `redis+sentinel://scanner:sc4nner-pass@127.0.0.1:${sentinelPort}/mymaster`,
    ]);
    expect(r.stderr, r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.complete).toBe(true);
    expect(j.store.nodes.map((n: { id: string }) => n.id)).toEqual([`127.0.0.1:${primary.port}`]);
    expect(j.totals.sessions).toBe(1);
    expect(j.store.url).toBe(`redis+sentinel://scanner:***@127.0.0.1:${sentinelPort}/mymaster`);
    expect(r.stdout).not.toContain('sc4nner-pass');
  });

  it('reads payloads with GET when the ACL user may not MGET', async () => {
    const r = await sessctl(['--format', 'json', 'scan', `redis://getonly:g3t-only@127.0.0.1:${primary.port}`]);
    expect(r.stderr, r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.complete).toBe(true);
    expect(j.totals.sessions).toBe(1);
    expect(j.prefixes[0].framework).toBe('express-session');
  });
});
