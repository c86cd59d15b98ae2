import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clean } from '../../src/clean/clean.js';
import { restore } from '../../src/clean/restore.js';
import { expressSession, sid } from './sessions.js';

const servers = inject('servers');
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sessctl-clean-kill-'));
const N = 400;

/** `npm test` builds first; a direct vitest run rebuilds when dist is older than the clean sources. */
function ensureBuilt(): void {
  const sources = [
    ...readdirSync(join(root, 'src/clean')).map((f) => `src/clean/${f}`),
    'src/cli/commands/clean.ts',
    'src/cli/commands/restore.ts',
  ];
  const newest = Math.max(...sources.map((f) => statSync(join(root, f)).mtimeMs));
  const built = join(root, 'dist/clean/apply.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
}

const entryKeys = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"redis"'))
    .flatMap((l) => {
      try {
        return [Buffer.from(JSON.parse(l).key, 'base64').toString()];
      } catch {
        return []; // a line torn by the kill
      }
    });

describe('a clean killed with SIGKILL mid-run', () => {
  let w: Redis;
  const stem = `sess:ck${process.pid}-`;
  const values = new Map<string, string>();

  beforeAll(async () => {
    ensureBuilt();
    w = new Redis(servers.redis.url);
    const p = w.pipeline();
    for (let i = 0; i < N; i++) {
      const k = `${stem}${sid()}`;
      const { value, ttlMs } = expressSession('empty');
      values.set(k, value);
      p.set(k, value, 'PX', ttlMs);
    }
    await p.exec();
  }, 120_000);
  afterAll(async () => {
    await w.del(...values.keys());
    w.disconnect();
  });

  it('loses no key that is not in the backup, resumes without deleting twice, and restores everything', async () => {
    const backup = join(dir, 'killed.ndjson');
    const child = spawn(
      process.execPath,
      [
        'bin/sessctl.js',
        'clean',
        servers.redis.url,
        '--match',
        `${stem}*`,
        '--apply',
        '--yes',
        '--backup',
        backup,
        '--rate',
        '100',
      ],
      { cwd: root, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Wait for an observable event: at least 60 entries durable in the backup (a few batches of 25).
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (existsSync(backup) && entryKeys(backup).length >= 60) {
          clearInterval(t);
          resolve();
        }
      }, 10);
      child.once('exit', () => {
        clearInterval(t);
        reject(new Error('clean finished before it could be killed'));
      });
    });
    child.kill('SIGKILL');
    await exited;

    const inBackup = new Set(entryKeys(backup));
    const gone: string[] = [];
    for (const k of values.keys()) if (!(await w.exists(k))) gone.push(k);
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.length).toBeLessThan(N);
    expect(
      gone.filter((k) => !inBackup.has(k)),
      'deleted but not in the backup',
    ).toEqual([]);

    // The file as the kill left it verifies, and restores every entry it holds (into db 7, so the
    // resume below still finds the store as the kill left it).
    const cut = join(dir, 'cut.ndjson');
    copyFileSync(backup, cut);
    copyFileSync(`${backup}.key`, `${cut}.key`);
    const other = new Redis(`${servers.redis.url}/7`);
    try {
      const rc = await restore(cut, { url: `${servers.redis.url}/7` });
      expect(rc).toMatchObject({ verified: true, errors: 0, refused: 0 });
      expect(rc.restored).toBe(inBackup.size - rc.notDeleted);
      for (const k of gone) expect(await other.get(k)).toBe(values.get(k));
    } finally {
      await other.del(...inBackup);
      other.disconnect();
    }

    const again = await clean(servers.redis.url, { match: `${stem}*`, apply: true, backup });
    expect(again.complete).toBe(true);
    expect(again.backup?.resumed).toBe(true);
    expect(again.result!.deleted).toBe(N - gone.length);
    expect(again.result!.skipped).toMatchObject({ changed: 0, error: 0 });
    for (const k of values.keys()) expect(await w.exists(k)).toBe(0);
    expect(new Set(entryKeys(backup)).size).toBe(N);

    const rr = await restore(backup);
    expect(rr).toMatchObject({ restored: N, exists: 0, errors: 0, corrupt: [] });
    for (const [k, v] of values) expect(await w.get(k)).toBe(v);
  });
});
