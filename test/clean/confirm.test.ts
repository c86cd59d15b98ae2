import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { clean, type CleanSelection } from '../../src/clean/clean.js';
import { runCli } from '../../src/cli/program.js';
import { memoryKv } from '../../src/stores/memory/memory-kv.js';

/** Runs the CLI with stderr (and, when `answer` is given, stdin) on a terminal. */
async function run(args: string[], answer?: string): Promise<{ code: number; stderr: string }> {
  const stdin = Object.assign(Readable.from([`${answer ?? ''}\n`]), { isTTY: answer !== undefined });
  const stderr = Object.assign(new PassThrough(), { isTTY: answer !== undefined });
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, {
    stdout: new PassThrough(),
    stderr,
    stdin,
    env: { NO_COLOR: '1' },
    signal: new AbortController().signal,
  });
  // The question wraps at the terminal's width (80 here): read it as one line.
  return { code, stderr: err.replace(/([^\n])\n(?!sessctl:)/g, '$1 ') };
}

const empty = JSON.stringify({
  cookie: {
    originalMaxAge: 86_400_000,
    expires: new Date(Date.now() + 86_400_000).toISOString(),
    httpOnly: true,
    path: '/',
  },
});

function seed(name: string, n: number) {
  const kv = memoryKv(name);
  kv.clear();
  for (let i = 0; i < n; i++) kv.set(`sess:c${String(i).padStart(30, '0')}`, empty, 86_400_000);
  kv.set(
    'sess:live0000000000000000000000000000',
    JSON.stringify({ ...JSON.parse(empty), passport: { user: 'u1' } }),
    86_400_000,
  );
  return kv;
}

describe('sessctl clean --apply asks once the selection is known (issue 20 §4)', () => {
  it('names the count and size; "n" deletes nothing and writes no backup (exit 2)', async () => {
    const kv = seed('clean-confirm-n', 240);
    const backup = join(mkdtempSync(join(tmpdir(), 'sessctl-confirm-')), 'b.ndjson');
    const r = await run(
      ['clean', 'memory://clean-confirm-n', '--match', 'sess:*', '--min-age', '0s', '--backup', backup, '--apply'],
      'n',
    );
    expect(r.stderr).toMatch(
      /Delete 240 empty sessions \(\d+(\.\d)? KiB\) from memory:\/\/clean-confirm-n; backup: .*b\.ndjson\? \[y\/N\] /,
    );
    expect(r.stderr).toContain('sessctl: not confirmed: nothing was deleted');
    expect(r.code).toBe(2);
    expect(kv.size).toBe(241);
    expect(existsSync(backup)).toBe(false);
  });

  it('"y" deletes exactly what it named', async () => {
    const kv = seed('clean-confirm-y', 12);
    const backup = join(mkdtempSync(join(tmpdir(), 'sessctl-confirm-')), 'b.ndjson');
    const r = await run(['clean', 'memory://clean-confirm-y', '--min-age', '0s', '--backup', backup, '--apply'], 'y');
    expect(r.stderr).toMatch(/Delete 12 empty sessions \(.*\) from memory:\/\/clean-confirm-y/);
    expect(r.code).toBe(0);
    expect(kv.size).toBe(1);
  });

  it('--yes prints the same line, answered', async () => {
    const kv = seed('clean-confirm-yes', 5);
    const backup = join(mkdtempSync(join(tmpdir(), 'sessctl-confirm-')), 'b.ndjson');
    const r = await run([
      'clean',
      'memory://clean-confirm-yes',
      '--min-age',
      '0s',
      '--backup',
      backup,
      '--apply',
      '--yes',
      '--fix-ttl',
      '1d',
    ]);
    expect(r.stderr).toMatch(
      /Delete 5 empty sessions \(.*\) from memory:\/\/clean-confirm-yes; backup: .*\? \[y\/N\] yes \(--yes\)/,
    );
    expect(kv.size).toBe(1);
  });

  it('with holdAtMost (--yes), a large selection is named so far, then deleted as the walk goes on', async () => {
    const kv = seed('clean-confirm-hold', 2500);
    const backup = join(mkdtempSync(join(tmpdir(), 'sessctl-confirm-')), 'b.ndjson');
    const asked: CleanSelection[] = [];
    const deletedBeforeTheWalkEnded: number[] = [];
    const report = await clean('memory://clean-confirm-hold', {
      match: 'sess:*',
      minAgeMs: 0,
      apply: true,
      backup,
      holdAtMost: 1000,
      confirm: async (s) => void asked.push(s),
      onProgress: (p) => {
        if (p.scanned < 2501) deletedBeforeTheWalkEnded.push(p.deleted);
      },
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ partial: true });
    expect(asked[0]!.count).toBeGreaterThanOrEqual(1000);
    expect(asked[0]!.count).toBeLessThan(2500);
    // Held keys were deleted while the walk still read: memory holds one threshold's worth, not the selection.
    expect(Math.max(...deletedBeforeTheWalkEnded)).toBeGreaterThan(0);
    expect(report.result).toMatchObject({ deleted: 2500 });
    expect(kv.size).toBe(1);
  });

  it('without holdAtMost, a question sees the whole selection, however large', async () => {
    seed('clean-confirm-whole', 2500);
    const asked: CleanSelection[] = [];
    await clean('memory://clean-confirm-whole', {
      match: 'sess:*',
      minAgeMs: 0,
      apply: true,
      backup: null,
      confirm: async (s) => void asked.push(s),
    });
    expect(asked).toEqual([expect.objectContaining({ count: 2500, partial: false })]);
  });
});
