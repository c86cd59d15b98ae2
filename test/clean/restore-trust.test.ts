import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadBackupKey } from '../../src/clean/backup-key.js';
import { LineSigner } from '../../src/clean/backup-signature.js';
import { clean } from '../../src/clean/clean.js';
import { restore } from '../../src/clean/restore.js';
import { runCli } from '../../src/cli/program.js';
import { sessctl } from '../harness/cli.js';
import { expressSession, sid } from './sessions.js';

const servers = inject('servers');
const dir = mkdtempSync(join(tmpdir(), 'sessctl-restore-trust-'));
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

/** Issue 21: a backup file is input from wherever it came from; restore must not trust it. */
describe('restore trusts no backup file', () => {
  let w: Redis;
  let db5: Redis;
  const stem = `sess:rt${process.pid}-`;
  const keys: string[] = [];
  let backup: string;

  beforeAll(async () => {
    w = new Redis(servers.redis.url);
    db5 = new Redis(`${servers.redis.url}/5`);
    for (let i = 0; i < 6; i++) {
      const k = `${stem}${sid()}`;
      const { value, ttlMs } = expressSession('empty');
      await w.set(k, value, 'PX', ttlMs);
      keys.push(k);
    }
    backup = join(dir, 'genuine.ndjson');
    const r = await clean(servers.redis.url, { match: `${stem}*`, apply: true, backup });
    expect(r.result?.deleted).toBe(6);
    expect(r.backup?.key).toBe(`${backup}.key`);
  });
  afterAll(async () => {
    await w.del(...keys);
    await db5.del('config:admin');
    w.disconnect();
    db5.disconnect();
  });

  it('refuses a crafted backup whose header names redis://:pw@host/5 and restores config:admin: nothing is written', async () => {
    const dump = await (async () => {
      await db5.set('config:admin', 'attacker-controlled');
      const d = await db5.dumpBuffer('config:admin');
      await db5.del('config:admin');
      return d;
    })();
    const port = new URL(servers.redis.url).port;
    const header = {
      type: 'header',
      schema: 'sessctl-backup/1',
      store: { kind: 'redis', url: `redis://:pw@127.0.0.1:${port}/5`, version: '7', hadCredentials: false },
      createdAt: '',
    };
    const entry = {
      type: 'redis',
      key: b64('config:admin'),
      node: `127.0.0.1:${port}`,
      dump: dump.toString('base64'),
      expireAt: null,
      idleS: 0,
    };
    const crafted = join(dir, 'crafted.ndjson');
    writeFileSync(crafted, `${JSON.stringify(header)}\n${JSON.stringify(entry)}\n`);

    const plain = await sessctl(['restore', crafted, '--yes', '--replace']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(
      /^sessctl: .*crafted\.ndjson is an unsigned backup \(sessctl-backup\/1.*refusing to restore it\n/,
    );
    expect(plain.stderr).toContain('--trust-unsigned');

    // Trusting unsigned files still never takes credentials from a header: sessctl never writes them.
    const trusted = await sessctl(['restore', crafted, '--yes', '--replace', '--trust-unsigned']);
    expect(trusted.code).toBe(2);
    expect(trusted.stderr).toMatch(/store URL with credentials in its header/);
    expect(trusted.stdout + trusted.stderr).not.toContain(':pw@');

    // The same lines dressed as a signed file (a made-up mac) fail their signature.
    const forged = join(dir, 'forged.ndjson');
    const mac = '0'.repeat(64);
    writeFileSync(
      forged,
      [
        {
          ...header,
          schema: 'sessctl-backup/2',
          id: 'x',
          store: { ...header.store, url: `redis://127.0.0.1:${port}/5` },
        },
        entry,
      ]
        .map((l, n) => `${JSON.stringify({ ...l, n }).slice(0, -1)},"mac":"${mac}"}`)
        .join('\n') + '\n',
    );
    writeFileSync(`${forged}.key`, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const f = await sessctl(['restore', forged, '--yes', '--replace']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/line 1 does not match its signature/);
    expect(await db5.exists('config:admin')).toBe(0);
  });

  it('a clean does not resume a backup whose key is gone, and makes no new key for it', async () => {
    const file = join(dir, 'keyless.ndjson');
    writeFileSync(file, readFileSync(backup));
    await expect(clean(servers.redis.url, { match: `${stem}*`, apply: true, backup: file })).rejects.toThrow(
      /cannot read backup key .*keyless\.ndjson\.key: no such file/,
    );
    expect(existsSync(`${file}.key`)).toBe(false);
  });

  it('a resumed clean keeps the --match its backup records (a restore writes nothing outside it)', async () => {
    const file = join(dir, 'rematch.ndjson');
    writeFileSync(file, readFileSync(backup));
    writeFileSync(`${file}.key`, readFileSync(`${backup}.key`), { mode: 0o600 });
    await expect(clean(servers.redis.url, { match: 'sess:*', apply: true, backup: file })).rejects.toThrow(
      `was made with --match ${stem}*: resume it with the same`,
    );
  });

  it('off a terminal asks for --yes before anything; on a terminal shows the store and count, and "n" writes nothing', async () => {
    const off = await sessctl(['restore', backup]);
    expect(off.code).toBe(2);
    expect(off.stderr).toBe(
      `sessctl: restore needs --yes when stdin is not a terminal\n  hint: check the target first: sessctl restore ${backup} asks on a terminal\n`,
    );

    const stdin = Object.assign(Readable.from(['n\n']), { isTTY: true });
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runCli(['restore', backup], {
      stdout: new PassThrough(),
      stderr,
      stdin,
      env: { NO_COLOR: '1' },
      signal: new AbortController().signal,
    });
    expect(err).toContain(`Restore 6 sessions (prefixes: "sess:") into ${servers.redis.url}? [y/N] `);
    expect(err).toContain('sessctl: not confirmed: nothing was restored');
    expect(code).toBe(2);
    expect(await w.exists(...keys)).toBe(0);
  });

  it('refuses a changed line, a key file open to others, and another key; reports a removed line and restores the rest', async () => {
    const lines = readFileSync(backup, 'utf8').split('\n').filter(Boolean);
    const entryIdx = lines.findIndex((l) => l.includes('"type":"redis"'));
    const tampered = join(dir, 'tampered.ndjson');
    writeFileSync(
      tampered,
      lines
        .map((l, i) => (i === entryIdx ? l.replace(/"key":"[^"]+"/, `"key":"${b64('config:admin')}"`) : l))
        .join('\n') + '\n',
    );
    writeFileSync(`${tampered}.key`, readFileSync(`${backup}.key`), { mode: 0o600 });
    const t = await sessctl(['restore', tampered, '--yes']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(new RegExp(`line ${entryIdx + 1} does not match its signature`));

    chmodSync(`${tampered}.key`, 0o644);
    await expect(restore(tampered)).rejects.toThrow(/is open to others \(mode 0644\)/);

    const other = join(dir, 'other.key');
    writeFileSync(other, `${'cd'.repeat(32)}\n`, { mode: 0o600 });
    const o = await sessctl(['restore', backup, '--yes', '--backup-key', other]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/was signed with another key than .*other\.key/);

    const removed = join(dir, 'removed.ndjson');
    writeFileSync(removed, lines.filter((_, i) => i !== entryIdx).join('\n') + '\n');
    const r = await restore(removed, { backupKey: { file: `${backup}.key` } });
    expect(r).toMatchObject({ verified: true, restored: 5, refused: 0 });
    expect(r.corrupt).toEqual([{ line: entryIdx + 1, reason: '1 signed line before this one is missing' }]);
    await w.del(...keys);
  });

  it('with a valid signature still writes only keys under the recorded session prefixes, holding a string or a hash', async () => {
    // What a leaked key (or a bug) could sign: a key outside the clean's prefixes, and a list.
    const key = await loadBackupKey({ file: `${backup}.key` });
    const header = JSON.parse(readFileSync(backup, 'utf8').split('\n')[0]!) as { id: string };
    const signer = new LineSigner(key.bytes, header.id);
    await w.set('config:admin', 'attacker-controlled');
    const stringDump = await w.dumpBuffer('config:admin');
    await w.del('config:admin');
    const listKey = `${stem}list`;
    await w.rpush(listKey, 'a');
    const listDump = await w.dumpBuffer(listKey);
    await w.del(listKey);
    const entry = (k: string, dump: Buffer) => ({
      type: 'redis',
      key: b64(k),
      node: 'x',
      dump: dump.toString('base64'),
      expireAt: null,
      idleS: 0,
    });
    const file = join(dir, 'signed-odd.ndjson');
    writeFileSync(
      file,
      [
        signer.sign({
          type: 'header',
          schema: 'sessctl-backup/2',
          id: header.id,
          store: { kind: 'redis', url: servers.redis.url, version: '7', hadCredentials: false },
          createdAt: '',
          keyId: key.id,
          match: null,
        }),
        signer.sign({ type: 'prefixes', prefixes: ['sess:'] }),
        signer.sign(entry('config:admin', stringDump)),
        signer.sign(entry(listKey, listDump)),
        signer.sign(entry(keys[0]!, stringDump)),
      ].join('\n') + '\n',
    );
    const r = await restore(file, { backupKey: { file: `${backup}.key` } });
    expect(r).toMatchObject({ verified: true, entries: 3, refused: 2, restored: 1 });
    expect(r.refusedDetails.map((d) => d.reason)).toEqual([
      'prefix "config:" is not one the clean recorded',
      expect.stringMatching(/^value type \d+ \(RDB\) is neither a string nor a hash$/),
    ]);
    expect(await w.exists('config:admin', listKey)).toBe(0);
    expect(await w.exists(keys[0]!)).toBe(1);
  });
});
