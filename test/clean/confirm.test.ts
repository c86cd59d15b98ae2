import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';

/** Runs the CLI with a terminal on stdin and stderr, answering the question with `answer`. */
async function onTerminal(args: string[], answer: string): Promise<{ code: number; stderr: string }> {
  const stdin = Object.assign(Readable.from([`${answer}\n`]), { isTTY: true });
  const stderr = Object.assign(new PassThrough(), { isTTY: true });
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, { stdout: new PassThrough(), stderr, stdin, env: { NO_COLOR: '1' }, signal: new AbortController().signal });
  return { code, stderr: err };
}

describe('sessctl clean --apply on a terminal', () => {
  it('asks with everything that decides what goes: classes, age, --match, --fix-ttl; "n" deletes nothing (exit 2)', async () => {
    const r = await onTerminal(['clean', 'memory://clean-confirm', '--match', 'sess:*', '--min-age', '30m', '--fix-ttl', '1d', '--apply'], 'n');
    expect(r.stderr).toContain(
      'Delete empty sessions older than 30m matching sess:* (never-expiring ones get a 24h expiry instead) from memory://clean-confirm (backup: ',
    );
    expect(r.stderr).toContain('sessctl: not confirmed: nothing was deleted');
    expect(r.code).toBe(2);
  });
});
