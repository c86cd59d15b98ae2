import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sessctl } from '../harness/cli.js';
import { expressSession, sid } from './sessions.js';

const servers = inject('servers');
const dir = mkdtempSync(join(tmpdir(), 'sessctl-clean-cli-'));
const stem = `sess:cc${process.pid}-`;
const match = `${stem}*`;

describe('sessctl clean / restore CLI', () => {
  let w: Redis;
  const empty: string[] = [];
  const kept: string[] = [];
  beforeAll(async () => {
    w = new Redis(servers.redis.url);
    for (let i = 0; i < 12; i++) {
      const k = `${stem}${sid()}`;
      const { value, ttlMs } = expressSession('empty');
      await w.set(k, value, 'PX', ttlMs);
      empty.push(k);
    }
    for (let i = 0; i < 3; i++) {
      const k = `${stem}${sid()}`;
      const { value, ttlMs } = expressSession('authenticated');
      await w.set(k, value, 'PX', ttlMs);
      kept.push(k);
    }
  });
  afterAll(async () => {
    await w.del(...empty, ...kept);
    w.disconnect();
  });

  it('refuses before touching anything: --apply without --yes off a terminal, --no-backup without --yes, class live', async () => {
    const a = await sessctl(['clean', servers.redis.url, '--match', match, '--apply']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--apply needs --yes when stdin is not a terminal/);
    expect(a.stderr).toMatch(/hint: /);
    const b = await sessctl(['clean', servers.redis.url, '--match', match, '--apply', '--no-backup']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--no-backup is only allowed with --apply --yes/);
    const c = await sessctl(['clean', servers.redis.url, '--class', 'empty,live']);
    expect(c.code).toBe(2);
    const d = await sessctl(['clean', servers.redis.url, '--class', 'orphanz']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/unknown class "orphanz"/);
    const e = await sessctl(['clean', servers.redis.url, '--match', match, '--class', '', '--apply', '--yes']);
    expect(e.code).toBe(2);
    expect(e.stderr.split('\n')[0]).toMatch(/^sessctl: --class names no class: use one or more of never-read, empty, /);
    expect(await w.exists(...empty)).toBe(empty.length);
  });

  it('dry run prints per prefix and class, and changes nothing', async () => {
    const r = await sessctl(['clean', servers.redis.url, '--match', match]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/DRY RUN/);
    expect(r.stdout).toMatch(/sess:\s+empty\s+delete\s+12\s/);
    expect(r.stdout).toMatch(/--apply/);
    const j = JSON.parse((await sessctl(['clean', servers.redis.url, '--match', match, '--format', 'json'])).stdout);
    expect(j).toMatchObject({
      schema: 'sessctl-clean/1',
      applied: false,
      selected: { count: 12 },
      result: null,
      backup: null,
    });
    expect(await w.exists(...empty, ...kept)).toBe(15);
  });

  it('a dry run on Redis 7.0 warns that it reset idle times; on Valkey 8 (NO-TOUCH) it does not', async () => {
    const r = await sessctl(['clean', servers.redis.url, '--match', `${stem}none-*`]);
    expect(r.stdout.replace(/\n +/g, ' ')).toMatch(
      /warning: this dry run read payloads on a server without CLIENT NO-TOUCH .*wait at least --min-age before --apply/,
    );
    const v = JSON.parse(
      (await sessctl(['clean', servers.valkey.url, '--match', `${stem}none-*`, '--format', 'json'])).stdout,
    );
    expect(v.warnings).toEqual([]);
    // --min-age 0s selects whatever the idle times say: the reset changes nothing there (issue 20)
    const zero = JSON.parse(
      (await sessctl(['clean', servers.redis.url, '--match', `${stem}none-*`, '--min-age', '0s', '--format', 'json']))
        .stdout,
    );
    expect(zero.warnings).toEqual([]);
  });

  it('--apply --yes deletes, restore puts back; a corrupt and a truncated line are reported by number and the rest restored', async () => {
    const backup = join(dir, 'cli.ndjson');
    const values = new Map(await Promise.all(empty.map(async (k) => [k, await w.get(k)] as const)));
    const r = await sessctl([
      'clean',
      servers.redis.url,
      '--match',
      match,
      '--apply',
      '--yes',
      '--backup',
      backup,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`backup: ${backup}`);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      schema: 'sessctl-clean/1',
      applied: true,
      complete: true,
      result: { deleted: 12 },
      backup: { path: backup, entries: 12 },
    });
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(await w.exists(...empty)).toBe(0);
    expect(await w.exists(...kept)).toBe(3);

    // Damage the file: line 3 corrupt in the middle, the last entry torn as a kill mid-write would leave it.
    const lines = readFileSync(backup, 'utf8').split('\n').filter(Boolean);
    const entryLines = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('"type":"redis"'));
    const [corruptLine, corruptIdx] = entryLines[1]!;
    const [tornLine, tornIdx] = entryLines[entryLines.length - 1]!;
    const lost = [corruptLine, tornLine].map((l) => Buffer.from(JSON.parse(l).key, 'base64').toString());
    const damaged = lines.map((l, i) => (i === corruptIdx ? '{"type":"redis","key":' : l)).slice(0, tornIdx + 1);
    damaged[tornIdx] = tornLine.slice(0, Math.floor(tornLine.length / 2));
    writeFileSync(backup, damaged.join('\n'));

    const rr = await sessctl(['restore', backup, '--yes', '--format', 'json']);
    expect(rr.code).toBe(3);
    const rj = JSON.parse(rr.stdout);
    expect(rj).toMatchObject({ schema: 'sessctl-restore/1', restored: 10, exists: 0, errors: 0 });
    expect(rj.corrupt.map((c: { line: number }) => c.line)).toEqual([corruptIdx + 1, tornIdx + 1]);
    for (const k of empty) {
      if (lost.includes(k)) expect(await w.exists(k)).toBe(0);
      else expect(await w.get(k)).toBe(values.get(k));
    }

    // Restoring again keeps what exists and says so.
    const again = await sessctl(['restore', backup, '--yes']);
    expect(again.stdout).toMatch(/restored 0 of 10 · 10 kept because the key exists/);
    expect(again.stdout).toMatch(new RegExp(`line ${corruptIdx + 1}: not valid JSON`));
  });

  it('restore of a missing backup file exits 2 with one line in words', async () => {
    const r = await sessctl(['restore', join(dir, 'no-such-backup.ndjson'), '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^sessctl: cannot read backup .*no-such-backup\.ndjson: no such file$/);
  });
});
