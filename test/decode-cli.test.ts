import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { sessctl } from './harness/cli.js';

const fixture = (fw: string, s: string) => join('test/fixtures/node', fw, `${s}.bin`);
const metaKey = (fw: string, s: string) =>
  (JSON.parse(readFileSync(join('test/fixtures/node', fw, `${s}.json`), 'utf8')) as { key: string }).key;
const dir = mkdtempSync(join(tmpdir(), 'sessctl-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sessctl decode', () => {
  it('prints the meaning of a real express-session payload as JSON, values redacted', async () => {
    const key = metaKey('express-session', 'authenticated');
    const r = await sessctl(['--format', 'json', 'decode', fixture('express-session', 'authenticated'), '--key', key]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      schema: 'sessctl-decode/1',
      format: 'json',
      framework: 'express-session',
      confidence: 'high',
      state: 'authenticated',
      empty: false,
      anonymous: false,
      userKeys: ['passport.user'],
      createdAtKind: 'last-write',
      valuesShown: false,
    });
    expect(out.value.passport.user).toBe('<redacted 4 chars>');
    expect(out.value.cookie.originalMaxAge).toBe(86_400_000);
    expect(out.key).not.toBe(key);
    expect(r.stdout).not.toContain('u-42');
    expect(Date.parse(out.createdAt)).toBeGreaterThan(Date.parse('2026-01-01'));
  });

  it('reads stdin and shows values when asked', async () => {
    const payload = readFileSync(fixture('express-session', 'authenticated'), 'utf8');
    const r = await sessctl(['--format', 'json', 'decode', '-', '--show-values'], { stdin: payload });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      framework: 'express-session',
      confidence: 'medium',
      value: { passport: { user: 'u-42' } },
      key: null,
    });
  });

  it('renders text by default', async () => {
    const r = await sessctl([
      'decode',
      fixture('express-session', 'empty'),
      '--key',
      metaKey('express-session', 'empty'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/framework\s+express-session \(confidence high\)/);
    expect(r.stdout).toMatch(/state\s+empty: only framework metadata/);
    expect(r.stdout).toContain('lower bound on age');
  });

  it('--flags marks a memcached item: connect-memcached', async () => {
    const r = await sessctl(['--format', 'json', 'decode', fixture('connect-memcached', 'anonymous'), '--flags', '2']);
    expect(JSON.parse(r.stdout)).toMatchObject({
      framework: 'connect-memcached',
      state: 'anonymous',
      rewritesOnRequest: true,
      createdAt: null,
    });
  });

  it('redacts a key under a custom prefix the way scan lists it: prefix kept, id cut', async () => {
    const key = 'myapp:prod:sess:Zx9qAbCdEfGhIjKlMnOpQrStUv';
    const r = await sessctl(['--format', 'json', 'decode', fixture('express-session', 'empty'), '--key', key]);
    expect(JSON.parse(r.stdout).key).toMatch(/^myapp:prod:sess:Zx9qAb…#[0-9a-f]{6}$/);
    expect(r.stdout).not.toContain('CdEfGhIj');
    // a bare id (connect-memcached) keeps nothing but its first characters
    const bare = await sessctl([
      '--format',
      'json',
      'decode',
      fixture('express-session', 'empty'),
      '--key',
      'Zx9qAbCdEfGhIjKlMnOpQrStUv',
    ]);
    expect(JSON.parse(bare.stdout).key).toMatch(/^Zx9qAb…#[0-9a-f]{6}$/);
  });

  it('an undecodable payload is a result: exit 0 with the reason', async () => {
    const file = join(dir, 'garbage.bin');
    writeFileSync(file, Buffer.from([0xff, 0x00, 0x13, 0x37]));
    const r = await sessctl(['--format', 'json', 'decode', file, '--key', 'sess:abcdefghijkl']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ decoded: false, state: 'undecodable', framework: 'express-session' });
    expect(out.reason).toEqual(expect.any(String));
    const text = await sessctl(['decode', file]);
    expect(text.stdout).toMatch(/state\s+undecodable: /);
  });

  it('an unreadable file is exit 2 with one line', async () => {
    const r = await sessctl(['decode', join(dir, 'missing.bin')]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^sessctl: cannot read .*missing\.bin: no such file$/);
    expect(r.stdout).toBe('');
  });

  it('without a FILE and with a terminal on stdin, says what it wants instead of waiting', async () => {
    const stdin = Object.assign(Readable.from([]), { isTTY: true });
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runCli(['decode'], {
      stdout: new PassThrough(),
      stderr,
      stdin,
      env: { NO_COLOR: '1' },
      signal: new AbortController().signal,
    });
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe('sessctl: decode needs a payload: give a FILE, or pipe the stored value in');
  });

  it('bad options are exit 2', async () => {
    expect((await sessctl(['decode', fixture('koa-session', 'empty'), '--flags', 'x'])).code).toBe(2);
    expect((await sessctl(['--format', 'table', 'decode', fixture('koa-session', 'empty')])).code).toBe(2);
  });
});
