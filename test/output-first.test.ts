import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sessctl } from './harness/cli.js';
import { freePort } from './harness/servers.js';

// inspect, check, demo and decode open every --output file before any work, as scan and probe do:
// a path that cannot be written exits 2 with nothing done (not the 3 of the unreachable target behind it).
const servers = inject('servers');
const dir = mkdtempSync(join(tmpdir(), 'sessctl-output-first-'));
const P = `of${process.pid}:`;
const missing = (name: string) => join(dir, 'no-such-dir', name);
const cannotWrite = (format: string, file: string) =>
  `sessctl: cannot write ${format} report to ${file}: no such directory`;
const payload = join(import.meta.dirname, 'fixtures', 'node', 'express-session', 'empty.bin');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspect', () => {
  const key = `${P}sess:${'i'.repeat(32)}`;
  let w: Redis;
  beforeAll(async () => {
    w = new Redis(servers.redis.url);
    await w.set(key, readFileSync(payload), 'EX', 3600);
  });
  afterAll(async () => {
    await w.del(key);
    w.disconnect();
  });

  it('an unwritable --output exits 2 before connecting', async () => {
    const r = await sessctl([
      '--output',
      `json=${missing('i.json')}`,
      'inspect',
      `redis://127.0.0.1:${await freePort()}`,
      key,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(cannotWrite('json', missing('i.json')));
  });

  it('a valid --output gets the report; a key that is not there leaves no file', async () => {
    const file = join(dir, 'inspect.json');
    const r = await sessctl(['--output', `json=${file}`, 'inspect', servers.redis.url, key]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/express-session/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      schema: 'sessctl-inspect/1',
      framework: 'express-session',
      empty: true,
    });
    const gone = join(dir, 'gone.json');
    const none = await sessctl(['--output', `json=${gone}`, 'inspect', servers.redis.url, `${key}-missing`]);
    expect(none.code).toBe(2);
    expect(existsSync(gone)).toBe(false);
  });
});

describe('check', () => {
  let app: Server;
  let requests = 0;
  let appUrl = '';
  beforeAll(async () => {
    app = createServer((_req, res) => {
      requests++;
      res.end('{}');
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/me`;
  });
  afterAll(() => new Promise<void>((r) => app.close(() => r())));

  it('an unwritable --output exits 2 with no probe request sent and no scan run', async () => {
    const config = join(dir, 'unreachable.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        probes: [{ name: 'app', url: appUrl }],
        scans: [{ name: 'down', store: `redis://127.0.0.1:${await freePort()}` }],
      }),
    );
    const r = await sessctl(['check', '--config', config, '--output', `junit=${missing('c.xml')}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(cannotWrite('junit', missing('c.xml')));
    expect(requests).toBe(0);
  });

  it('refuses an --output that is the config file, which stays as it was', async () => {
    const config = join(dir, 'keep.config.json');
    const text = JSON.stringify({ probes: [{ name: 'app', url: appUrl }] });
    writeFileSync(config, text);
    const r = await sessctl(['check', '--config', config, '--output', `json=${config}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `sessctl: --output json=${config} is the config file: the report would overwrite it; give the report another file\n`,
    );
    expect(readFileSync(config, 'utf8')).toBe(text);
    expect(requests).toBe(0);
  });

  it('a valid --output gets the report', async () => {
    const config = join(dir, 'ok.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        scans: [{ name: 'sessions', store: servers.redis.url, match: `${P}none:*`, allowEmpty: true }],
      }),
    );
    const file = join(dir, 'check.json');
    const r = await sessctl(['check', '--config', config, '--output', `json=${file}`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      schema: 'sessctl-check/1',
      summary: { exitCode: 0 },
    });
  });
});

describe('demo', () => {
  it('an unwritable --output exits 2 before the apps start (not the 3 of an unreachable --store)', async () => {
    const r = await sessctl([
      '--output',
      `json=${missing('d.json')}`,
      'demo',
      '--store',
      `redis://127.0.0.1:${await freePort()}`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(cannotWrite('json', missing('d.json')));
  });

  it('--output with --serve is refused: it writes no report', async () => {
    const file = join(dir, 'serve.json');
    const r = await sessctl(['--output', `json=${file}`, 'demo', '--serve']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('sessctl: --output does not apply to demo --serve: it writes no report');
    expect(existsSync(file)).toBe(false);
  });

  it('a valid --output gets the report', async () => {
    const file = join(dir, 'demo.json');
    const r = await sessctl(['--output', `json=${file}`, 'demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SESS-PREFLIGHT-MINT/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schema: 'sessctl-demo/1', store: 'embedded' });
  });
});

describe('decode', () => {
  it('an unwritable --output exits 2 before the payload is read', async () => {
    // The input is missing too: the error names the report, so the output was checked first.
    const r = await sessctl(['--output', `json=${missing('p.json')}`, 'decode', join(dir, 'no-such-payload.bin')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(cannotWrite('json', missing('p.json')));
  });

  it('refuses an --output that is the payload file, which stays as it was', async () => {
    const input = join(dir, 'payload.bin');
    writeFileSync(input, readFileSync(payload));
    const r = await sessctl(['--output', `json=${input}`, 'decode', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `sessctl: --output json=${input} is the payload being decoded: the report would overwrite it; give the report another file\n`,
    );
    expect(readFileSync(input)).toEqual(readFileSync(payload));
  });

  it('a valid --output gets the report, from a file and from stdin', async () => {
    const file = join(dir, 'decode.json');
    const r = await sessctl(['--output', `json=${file}`, 'decode', payload, '--key', 'sess:abc']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      schema: 'sessctl-decode/1',
      framework: 'express-session',
      empty: true,
    });
    const piped = join(dir, 'piped.json');
    const s = await sessctl(['--output', `json=${piped}`, 'decode', '--key', 'sess:abc'], {
      stdin: readFileSync(payload, 'utf8'),
    });
    expect(s.code).toBe(0);
    expect(JSON.parse(readFileSync(piped, 'utf8'))).toMatchObject({
      schema: 'sessctl-decode/1',
      framework: 'express-session',
    });
  });
});
