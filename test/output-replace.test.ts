/**
 * An --output file is replaced only by a run that has something to put there: a run that fails
 * (unreachable store) or is refused leaves last run's report byte for byte, a successful one
 * replaces it whole, a symlinked report stays a link, and devices are written in place.
 */
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sessctl } from './harness/cli.js';
import { freePort } from './harness/servers.js';

const servers = inject('servers');
const dir = mkdtempSync(join(tmpdir(), 'sessctl-output-replace-'));
const P = `orp${process.pid}:`;
const OLD = '{"the":"report of the last run"}\n';
let w: Redis;

beforeAll(async () => {
  w = new Redis(servers.redis.url);
  for (let i = 0; i < 3; i++)
    await w.set(
      `${P}sess:${String(i).repeat(32)}`,
      '{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}}',
      'EX',
      3600,
    );
});
afterAll(async () => {
  await w.del(...[0, 1, 2].map((i) => `${P}sess:${String(i).repeat(32)}`));
  w.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** No private sibling is left behind in the directory. */
const leftovers = () => readdirSync(dir).filter((f) => f.includes('.sessctl-'));

describe('--output replaces a report only when the run has one', () => {
  it('a scan that cannot reach its store leaves the old json and ndjson reports as they were', async () => {
    const json = join(dir, 'keep.json');
    const nd = join(dir, 'keep.ndjson');
    writeFileSync(json, OLD);
    writeFileSync(nd, OLD);
    chmodSync(json, 0o640);
    const r = await sessctl([
      '--output',
      `json=${json}`,
      '--output',
      `ndjson=${nd}`,
      'scan',
      `redis://127.0.0.1:${await freePort()}`,
    ]);
    expect(r.code).toBe(3);
    expect(readFileSync(json, 'utf8')).toBe(OLD);
    expect(readFileSync(nd, 'utf8')).toBe(OLD);
    expect(statSync(json).mode & 0o777).toBe(0o640);
    expect(leftovers()).toEqual([]);
  });

  it('a successful scan replaces the report whole and keeps its permissions', async () => {
    const json = join(dir, 'replace.json');
    writeFileSync(json, OLD.repeat(1000));
    chmodSync(json, 0o640);
    const r = await sessctl([
      '--format',
      'json',
      '--output',
      `json=${json}`,
      'scan',
      servers.redis.url,
      '--match',
      `${P}*`,
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.totals.keys).toBe(3);
    expect(statSync(json).mode & 0o777).toBe(0o640);
    expect(leftovers()).toEqual([]);
  });

  it('reports that hold live keys or values (--show-keys, --show-values) are 0600, new or replaced (issue 21)', async () => {
    const nd = join(dir, 'keys.ndjson');
    const json = join(dir, 'keys.json');
    writeFileSync(json, OLD);
    chmodSync(json, 0o644);
    const r = await sessctl([
      '--format',
      'json',
      '--output',
      `ndjson=${nd}`,
      '--output',
      `json=${json}`,
      'scan',
      servers.redis.url,
      '--match',
      `${P}*`,
      '--show-keys',
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(nd, 'utf8')).toContain(`${P}sess:${'0'.repeat(32)}`);
    for (const f of [nd, json]) expect(statSync(f).mode & 0o777, f).toBe(0o600);

    const key = `${P}sess:${'1'.repeat(32)}`;
    const inspected = join(dir, 'inspect.json');
    expect(
      (await sessctl(['--output', `json=${inspected}`, 'inspect', servers.redis.url, key, '--show-values'])).code,
    ).toBe(0);
    expect(statSync(inspected).mode & 0o777).toBe(0o600);
    const decoded = join(dir, 'decode.json');
    expect(
      (
        await sessctl(['--output', `json=${decoded}`, 'decode', '-', '--show-values'], {
          stdin: '{"cookie":{},"user":"u-42"}',
        })
      ).code,
    ).toBe(0);
    expect(statSync(decoded).mode & 0o777).toBe(0o600);

    // Without them a new report gets the usual mode (umask permitting), not 0600.
    const plain = join(dir, 'plain.ndjson');
    expect(
      (
        await sessctl([
          '--format',
          'json',
          '--output',
          `ndjson=${plain}`,
          'scan',
          servers.redis.url,
          '--match',
          `${P}*`,
        ])
      ).code,
    ).toBe(0);
    expect(statSync(plain).mode & 0o777).toBe(0o666 & ~process.umask());
    expect(leftovers()).toEqual([]);
  });

  it('streams ndjson at the real path and writes through a symlink, which stays a link', async () => {
    const real = join(dir, 'real.ndjson');
    const link = join(dir, 'link.ndjson');
    writeFileSync(real, OLD);
    symlinkSync(real, link);
    const r = await sessctl([
      '--format',
      'json',
      '--output',
      `ndjson=${link}`,
      'scan',
      servers.redis.url,
      '--match',
      `${P}*`,
    ]);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    const lines = readFileSync(real, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!).summary.totals.keys).toBe(3);
    expect(leftovers()).toEqual([]);
  });

  it('writes a device in place (/dev/null), without a private sibling next to it', async () => {
    const r = await sessctl([
      '--format',
      'json',
      '--output',
      'json=/dev/null',
      'scan',
      servers.redis.url,
      '--match',
      `${P}*`,
    ]);
    expect(r.code).toBe(0);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync('/dev').filter((f) => f.includes('.sessctl-'))).toEqual([]);
  });
});
