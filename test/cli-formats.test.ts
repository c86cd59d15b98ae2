import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { sessctl } from './harness/cli.js';
import { freePort } from './harness/servers.js';

const servers = inject('servers');

/** A format the command cannot render is a usage error, refused before any work (DESIGN: exit 2, nothing was done). */
describe('unknown --format / --output format', () => {
  it('clean --apply refuses before deleting anything', async () => {
    const redis = new Redis(servers.redis.port, '127.0.0.1');
    const key = 'cli-formats:sess:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    await redis.set(
      key,
      JSON.stringify({ cookie: { originalMaxAge: 86_400_000, expires, httpOnly: true, path: '/' } }),
      'PX',
      86_400_000,
    );
    const dir = mkdtempSync(join(tmpdir(), 'sessctl-formats-'));
    const r = await sessctl([
      '--format',
      'junit',
      'clean',
      servers.redis.url,
      '--match',
      'cli-formats:*',
      '--min-age',
      '0s',
      '--apply',
      '--yes',
      '--backup',
      join(dir, 'b.ndjson'),
    ]);
    const still = await redis.exists(key);
    await redis.del(key);
    redis.disconnect();
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'sessctl: unknown format "junit" for this command: use one of text, json, html',
    );
    expect(still).toBe(1);
  });

  it('scan and probe refuse before connecting (exit 2, not the 3 of an unreachable target)', async () => {
    const port = await freePort();
    const scan = await sessctl(['--output', 'sarif=x.sarif', 'scan', `redis://127.0.0.1:${port}`]);
    expect(scan.code).toBe(2);
    expect(scan.stderr).toMatch(
      /^sessctl: unknown format "sarif" for this command: use one of table, json, ndjson, html\n/,
    );
    const probe = await sessctl(['--format', 'ndjson', 'probe', `http://127.0.0.1:${port}/`]);
    expect(probe.code).toBe(2);
    expect(probe.stderr).toMatch(/unknown format "ndjson"/);
  });

  it('decode refuses a format it has no renderer for', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sessctl-formats-')), 'p.json');
    writeFileSync(file, '{"cookie":{}}');
    const r = await sessctl(['--format', 'table', 'decode', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});
