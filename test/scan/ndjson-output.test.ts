import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { sessctl } from '../harness/cli.js';
import { freePort } from '../harness/servers.js';

const servers = inject('servers');
const P = `tndjson${process.pid}:`;
/** Enough keys that every ndjson stream passes its 16 kB buffer and has to drain. */
const KEYS = 1200;
const dir = mkdtempSync(join(tmpdir(), 'sessctl-ndjson-'));

interface Parsed {
  records: Array<{ key: string; bytes: number; framework: string; classes: string[] }>;
  summary: {
    schema: string;
    complete: boolean;
    totals: { keys: number; sessions: number; bytes: number };
    classes: Record<string, { count: number }>;
  };
}

/** Parses ndjson line by line: every line but the last a record, the last the summary. */
function parseNdjson(text: string): Parsed {
  expect(text.endsWith('\n')).toBe(true);
  const lines = text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const last = lines.pop() as { summary?: Parsed['summary'] };
  expect(Object.keys(last)).toEqual(['summary']);
  for (const r of lines) expect(r).not.toHaveProperty('summary');
  return { records: lines as unknown as Parsed['records'], summary: last.summary! };
}

const scanArgs = ['scan', servers.redis.url, '--match', `${P}*`];
let reference: Parsed;

beforeAll(async () => {
  const redis = new Redis(servers.redis.port, '127.0.0.1');
  const expires = new Date(Date.now() + 3_600_000).toISOString();
  const pipe = redis.pipeline();
  for (let i = 0; i < KEYS; i++) {
    const cookie = { originalMaxAge: 3_600_000, expires, httpOnly: true, path: '/' };
    // a third carry user data, so the classes differ between records
    pipe.set(
      `${P}sess:${String(i).padStart(32, 'x')}`,
      JSON.stringify(i % 3 === 0 ? { cookie, userId: i } : { cookie }),
      'EX',
      3600,
    );
  }
  await pipe.exec();
  redis.disconnect();
  const r = await sessctl(['--format', 'ndjson', ...scanArgs]);
  expect(r.code).toBe(0);
  reference = parseNdjson(r.stdout);
  expect(reference.records).toHaveLength(KEYS);
});

afterAll(async () => {
  const redis = new Redis(servers.redis.port, '127.0.0.1');
  rmSync(dir, { recursive: true, force: true });
  const keys = await redis.keys(`${P}*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  redis.disconnect();
});

/** The same records (keys are redacted deterministically) and the same totals as stdout got. */
function expectSameAsStdout(file: string): Parsed {
  const got = parseNdjson(readFileSync(file, 'utf8'));
  expect(got.records).toHaveLength(reference.records.length);
  expect(got.records.map((r) => r.key).sort()).toEqual(reference.records.map((r) => r.key).sort());
  expect(got.records.reduce((n, r) => n + r.bytes, 0)).toBe(reference.summary.totals.bytes);
  expect(got.summary.schema).toBe('sessctl-scan/1');
  expect(got.summary.complete).toBe(true);
  expect(got.summary.totals).toEqual(reference.summary.totals);
  // Classes move with idle times between runs; within one file the records must add up to its summary.
  const counted: Record<string, number> = {};
  for (const r of got.records)
    if (r.framework !== 'unknown') for (const c of r.classes) counted[c] = (counted[c] ?? 0) + 1;
  expect(counted).toEqual(Object.fromEntries(Object.entries(got.summary.classes).map(([c, v]) => [c, v.count])));
  return got;
}

describe('--output ndjson=FILE gets what --format ndjson prints: every record, then the summary', () => {
  it('alone: stdout keeps the default json, the file gets the records and the summary', async () => {
    const file = join(dir, 'alone.ndjson');
    const r = await sessctl(['--output', `ndjson=${file}`, ...scanArgs]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Parsed['summary'];
    expect(json.totals).toEqual(reference.summary.totals);
    expectSameAsStdout(file);
    expect(reference.summary.totals.keys).toBe(KEYS);
  });

  it('beside --format table on stdout', async () => {
    const file = join(dir, 'scan.ndjson');
    const r = await sessctl(['--format', 'table', '--output', `ndjson=${file}`, ...scanArgs]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sessctl scan redis:\/\//);
    expect(r.stdout).not.toMatch(/^\{/m);
    expectSameAsStdout(file);
  });

  it('to two files beside --format json, byte for byte the same', async () => {
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    const r = await sessctl(['--format', 'json', '--output', `ndjson=${a}`, '--output', `ndjson=${b}`, ...scanArgs]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals).toEqual(reference.summary.totals);
    expectSameAsStdout(a);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('beside --format ndjson on stdout: both get the same lines', async () => {
    const file = join(dir, 'both.ndjson');
    const r = await sessctl([
      '--format',
      'ndjson',
      '--output',
      `ndjson=${file}`,
      '--output',
      `json=${join(dir, 'both.json')}`,
      ...scanArgs,
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(r.stdout);
    expect(JSON.parse(readFileSync(join(dir, 'both.json'), 'utf8')).totals).toEqual(reference.summary.totals);
  });
});

describe('backpressure', () => {
  it('a slow stdout holds the walk: while it needs draining, at most one batch more is written', async () => {
    let lines = 0;
    let sinceFull = 0;
    let worst = 0;
    // Takes one chunk per millisecond: far slower than a loopback scan at --rate max, so without
    // backpressure nearly every line would pile up behind the first full buffer. (At the default,
    // adaptive pace a loaded machine can slow the walk below the sink, and nothing would be tested.)
    const stdout = new Writable({
      highWaterMark: 4096,
      write(chunk: Buffer, _enc, cb) {
        lines += chunk.toString().split('\n').length - 1;
        setTimeout(cb, 1);
      },
    });
    const write = stdout.write.bind(stdout);
    stdout.write = ((chunk: string, ...rest: never[]) => {
      if (stdout.writableNeedDrain) worst = Math.max(worst, ++sinceFull);
      return write(chunk, ...rest);
    }) as typeof stdout.write;
    stdout.on('drain', () => (sinceFull = 0));
    const stderr = new PassThrough();
    stderr.resume();
    const code = await runCli(
      [
        '--format',
        'ndjson',
        'scan',
        servers.redis.url,
        '--match',
        `${P}sess:${'x'.repeat(28)}1*`,
        '--count',
        '25',
        '--rate',
        'max',
      ],
      {
        stdout,
        stderr,
        stdin: Readable.from(['']),
        env: { NO_COLOR: '1' },
        signal: new AbortController().signal,
      },
    );
    await new Promise<void>((r) => stdout.end(r));
    expect(code).toBe(0);
    // keys 1000..1199: 200 records and the summary
    expect(lines).toBe(201);
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(100);
  });
});

describe('an --output path that cannot be written exits 2 before any work', () => {
  it('is refused before connecting: exit 2, not the 3 of the unreachable store behind it', async () => {
    const port = await freePort();
    const file = join(dir, 'missing-dir', 'x.ndjson');
    const r = await sessctl(['--output', `ndjson=${file}`, 'scan', `redis://127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`sessctl: cannot write ndjson report to ${file}: no such directory`);
    expect(existsSync(file)).toBe(false);
  });

  it('a later unwritable file refuses the run and leaves no empty earlier file; a file named twice is refused', async () => {
    const first = join(dir, 'first.ndjson');
    const r = await sessctl(['--output', `ndjson=${first}`, '--output', `json=${dir}`, ...scanArgs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sessctl: cannot write json report to .*: is a directory\n/);
    expect(existsSync(first)).toBe(false);
    const twice = await sessctl(['--output', `ndjson=${first}`, '--output', `json=${first}`, ...scanArgs]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/first\.ndjson is given twice as an output/);
  });
});

describe('only scan streams ndjson', () => {
  it('inspect and clean refuse --output ndjson=FILE before touching the store, and create no file', async () => {
    const file = join(dir, 'other.ndjson');
    const inspect = await sessctl([
      '--output',
      `ndjson=${file}`,
      'inspect',
      servers.redis.url,
      `${P}sess:${'0'.padStart(32, 'x')}`,
    ]);
    expect(inspect.code).toBe(2);
    expect(inspect.stderr).toMatch(/^sessctl: unknown format "ndjson" for this command: use one of text, json\n/);
    const clean = await sessctl(['--output', `ndjson=${file}`, 'clean', servers.redis.url, '--match', `${P}*`]);
    expect(clean.code).toBe(2);
    expect(clean.stderr).toMatch(/^sessctl: unknown format "ndjson" for this command: use one of text, json, html\n/);
    expect(existsSync(file)).toBe(false);
  });
});
