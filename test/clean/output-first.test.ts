import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultBackupPath } from '../../src/clean/clean.js';
import { parseStoreUrl } from '../../src/stores/store-url.js';
import { sessctl } from '../harness/cli.js';
import { freePort } from '../harness/servers.js';
import { expressSession, sid } from './sessions.js';

// clean and restore open every --output file before the store is touched (DESIGN: exit 2 = nothing was done).
const servers = inject('servers');
const dir = mkdtempSync(join(tmpdir(), 'sessctl-clean-output-'));
const stem = `sess:co${process.pid}-`;
const match = `${stem}*`;
const missing = (name: string) => join(dir, 'no-such-dir', name);

describe('clean and restore --output FORMAT=FILE are opened before any work', () => {
  let w: Redis;
  const keys: string[] = [];
  const cleanArgs = (backup: string) => [
    'clean',
    servers.redis.url,
    '--match',
    match,
    '--apply',
    '--yes',
    '--backup',
    backup,
  ];
  beforeAll(async () => {
    w = new Redis(servers.redis.url);
    for (let i = 0; i < 6; i++) {
      const k = `${stem}${sid()}`;
      const { value, ttlMs } = expressSession('empty');
      await w.set(k, value, 'PX', ttlMs);
      keys.push(k);
    }
  });
  afterAll(async () => {
    await w.del(...keys);
    w.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('clean --apply with an unwritable --output exits 2: every key still exists and no backup was created', async () => {
    const backup = join(dir, 'never.ndjson');
    const r = await sessctl(['--output', `json=${missing('clean.json')}`, ...cleanArgs(backup)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(
      `sessctl: cannot write json report to ${missing('clean.json')}: no such directory`,
    );
    expect(await w.exists(...keys)).toBe(keys.length);
    expect(existsSync(backup)).toBe(false);

    // A later bad file refuses the run too, and the earlier good one is not left behind empty.
    const first = join(dir, 'first.txt');
    const later = await sessctl(['--output', `text=${first}`, '--output', `json=${dir}`, ...cleanArgs(backup)]);
    expect(later.code).toBe(2);
    expect(later.stderr.split('\n')[0]).toMatch(/^sessctl: cannot write json report to .*: is a directory$/);
    expect(existsSync(first)).toBe(false);
    expect(await w.exists(...keys)).toBe(keys.length);
    expect(existsSync(backup)).toBe(false);
  });

  it('refuses an --output that is the --backup file, by any name, and leaves the backup as it was', async () => {
    const backup = join(dir, 'resume-me.ndjson');
    const before = '{"type":"header","note":"an earlier run to resume"}\n';
    writeFileSync(backup, before);
    const link = join(dir, 'link-to-backup.json');
    symlinkSync(backup, link);
    for (const out of [backup, relative(process.cwd(), backup), link]) {
      const r = await sessctl(['--output', `json=${out}`, ...cleanArgs(backup)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `sessctl: --output json=${out} is the backup file: the report would overwrite it; give the report another file\n`,
      );
      // On a dry run too: the file is a backup to resume, not a report.
      const dry = await sessctl([
        '--output',
        `text=${out}`,
        'clean',
        servers.redis.url,
        '--match',
        match,
        '--backup',
        backup,
      ]);
      expect(dry.code).toBe(2);
      expect(readFileSync(backup, 'utf8')).toBe(before);
    }
    expect(await w.exists(...keys)).toBe(keys.length);
  });

  it('refuses an --output that is the default backup path', async () => {
    // The default name carries the second the run starts: cover the next few.
    const url = parseStoreUrl(servers.redis.url).redacted;
    const now = Date.now();
    const candidates = [0, 1000, 2000].map((ms) => defaultBackupPath(url, new Date(now + ms)));
    try {
      const r = await sessctl([
        ...candidates.flatMap((f) => ['--output', `json=${f}`]),
        'clean',
        servers.redis.url,
        '--match',
        match,
        '--apply',
        '--yes',
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^sessctl: --output json=\.\/sessctl-backup-127\.0\.0\.1_\d+-\d{8}T\d{6}Z\.ndjson is the backup file: /,
      );
      expect(await w.exists(...keys)).toBe(keys.length);
      for (const f of candidates) expect(existsSync(f)).toBe(false);
    } finally {
      for (const f of candidates) rmSync(f, { force: true });
    }
  });

  it('a run that fails after opening its files (store unreachable) exits 3 and leaves no empty report', async () => {
    const file = join(dir, 'unreachable.json');
    const r = await sessctl([
      '--output',
      `json=${file}`,
      'clean',
      `redis://127.0.0.1:${await freePort()}`,
      '--apply',
      '--yes',
      '--backup',
      join(dir, 'u.ndjson'),
    ]);
    expect(r.code).toBe(3);
    expect(existsSync(file)).toBe(false);
  });

  it('a valid --output gets the clean report; restore refuses bad outputs with nothing restored, then writes its report', async () => {
    const backup = join(dir, 'real.ndjson');
    const cleanFile = join(dir, 'clean.json');
    const c = await sessctl(['--output', `json=${cleanFile}`, ...cleanArgs(backup)]);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/deleted 6/);
    expect(JSON.parse(readFileSync(cleanFile, 'utf8'))).toMatchObject({
      schema: 'sessctl-clean/1',
      applied: true,
      result: { deleted: 6 },
      backup: { path: backup, entries: 6 },
    });
    expect(await w.exists(...keys)).toBe(0);
    const saved = readFileSync(backup, 'utf8');

    const bad = await sessctl(['--output', `json=${missing('restore.json')}`, 'restore', backup, '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe(
      `sessctl: cannot write json report to ${missing('restore.json')}: no such directory`,
    );
    expect(await w.exists(...keys)).toBe(0);

    const onto = await sessctl(['--output', `text=${backup}`, 'restore', backup, '--yes']);
    expect(onto.code).toBe(2);
    expect(onto.stderr).toBe(
      `sessctl: --output text=${backup} is the backup being restored: the report would overwrite it; give the report another file\n`,
    );
    expect(readFileSync(backup, 'utf8')).toBe(saved);
    expect(await w.exists(...keys)).toBe(0);

    const restoreFile = join(dir, 'restore.json');
    const r = await sessctl(['--output', `json=${restoreFile}`, 'restore', backup, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/restored 6 of 6/);
    expect(JSON.parse(readFileSync(restoreFile, 'utf8'))).toMatchObject({
      schema: 'sessctl-restore/1',
      restored: 6,
      entries: 6,
    });
    expect(await w.exists(...keys)).toBe(keys.length);
  });
});
