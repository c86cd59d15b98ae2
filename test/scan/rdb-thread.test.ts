import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ScanModule from '../../src/scan/scan.js';
import type { ScanRecord } from '../../src/scan/types.js';
import type * as RdbStoreModule from '../../src/stores/rdb/rdb-store.js';
import type * as StoreUrlModule from '../../src/stores/store-url.js';
import type { RawRecord, Store, WalkEvent } from '../../src/stores/types.js';
import { mulberry32 } from '../harness/prng.js';
import { RdbBuilder } from '../harness/rdb-builder.js';
import { redisFixtureSessions, writeSessions } from '../harness/redis-fixtures.js';
import { startRedis, type RunningServer } from '../harness/servers.js';

/**
 * A big dump is read on a thread of its own (stores/rdb/walk-worker.ts). A thread loads built
 * JavaScript, so this test runs the built store (dist/) and holds its walks on a thread to the same
 * store's walks on the caller's thread, on a real dump: the same records in the same batches,
 * the same reports, the same errors at the same byte for a cut or damaged dump.
 */
const root = join(import.meta.dirname, '../..');

/** `npm test` builds first; a direct vitest run rebuilds when dist is older than the sources. */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  const built = join(root, 'dist/stores/rdb/walk-worker.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(root, 'src'))) return;
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(built)) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
}

let dist: { store: typeof RdbStoreModule; scan: typeof ScanModule; url: typeof StoreUrlModule };

async function open(path: string, options: RdbStoreModule.OpenRdbOptions): Promise<Store> {
  const url = dist.url.parseStoreUrl(path);
  if (url.kind !== 'rdb') throw new Error(`not a dump path: ${path}`);
  return dist.store.openRdbStore(url, options);
}

/** A walk's events as plain data: each batch's records (Buffers as hex, Maps as entries), each failure's code and message. */
async function walk(store: Store, opts: Parameters<Store['walk']>[0] = {}): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of store.walk(opts) as AsyncIterable<WalkEvent>) {
    if (e.type === 'batch') out.push({ node: e.node, records: e.records.map(plain) });
    else if (e.type === 'node-failed')
      out.push({ node: e.node, code: e.error.code, message: e.error.message, hint: e.error.hint });
    else out.push(e);
  }
  return out;
}

function plain(r: RawRecord): unknown {
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k,
      Buffer.isBuffer(v) ? v.toString('hex') : v instanceof Map ? [...v].map(([f, b]) => [f, b.toString('hex')]) : v,
    ]),
  );
}

/**
 * The start of a child process's script: the built store opens `path` with its reader thread
 * started at the open, leaving `threads()` (the process's thread count), `before` (that count
 * before the open) and `store` for the rest of the script.
 */
function openedInChild(path: string): string {
  const storeJs = pathToFileURL(join(root, 'dist/stores/rdb/rdb-store.js')).href;
  const urlJs = pathToFileURL(join(root, 'dist/stores/store-url.js')).href;
  return `
      import { readdirSync } from 'node:fs';
      import { stat } from 'node:fs/promises';
      const { openRdbStore } = await import(${JSON.stringify(storeJs)});
      const { parseStoreUrl } = await import(${JSON.stringify(urlJs)});
      const threads = () => readdirSync('/proc/self/task').length;
      await stat('.');
      const before = threads();
      const store = await openRdbStore(parseStoreUrl(${JSON.stringify(path)}), { thread: true, readAhead: true });`;
}
/**
 * Runs a module in a fresh process and resolves to its exit code, its output, and how long it took:
 * a thread left running (or ref'd) would keep it alive until killed. A file, not `-e`: a thread
 * inherits the process's flags, and `--input-type` would keep it from starting.
 */
function node(code: string, timeoutMs = 20_000): Promise<{ code: number | null; out: string; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sessctl-child-'));
  const file = join(dir, 'child.mjs');
  writeFileSync(file, code);
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file], { cwd: root });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

/** A scan's report without what differs between any two runs (its timing), and every record. */
async function report(path: string, thread: boolean): Promise<{ report: unknown; records: ScanRecord[] }> {
  const store = await open(path, { thread });
  const records: ScanRecord[] = [];
  try {
    const r = await dist.scan.scanStore(store, { showKeys: true, onRecord: (rec) => records.push(rec) });
    return { report: { ...r, durationMs: 0, pacing: undefined }, records };
  } finally {
    await store.close();
  }
}

describe('an offline scan read on a thread of its own', () => {
  let server: RunningServer;
  let dump: string;

  beforeAll(async () => {
    ensureBuilt();
    const load = async <T>(p: string) => (await import(pathToFileURL(join(root, 'dist', p)).href)) as T;
    dist = {
      store: await load<typeof RdbStoreModule>('stores/rdb/rdb-store.js'),
      scan: await load<typeof ScanModule>('scan/scan.js'),
      url: await load<typeof StoreUrlModule>('stores/store-url.js'),
    };
    server = await startRedis('redis', ['--enable-debug-command', 'yes']);
    const r = new Redis(server.port, server.host);
    await writeSessions(r, redisFixtureSessions());
    const now = Date.now();
    const next = mulberry32(7);
    const express = (extra: object) =>
      JSON.stringify({
        cookie: { originalMaxAge: 86_400_000, expires: new Date(now + 86_400_000).toISOString(), path: '/' },
        ...extra,
      });
    // Batches over several 1 MiB reads (the thread's records are views into the reading window
    // until packed), some payloads past a 64 KiB segment (LZF-compressible and not).
    const pipe = r.pipeline();
    for (let i = 0; i < 25_000; i++) {
      const key = `sess:${String(i).padStart(32, '0')}`;
      if (i % 9 === 0) pipe.set(key, express({ passport: { user: `u${i}` } }));
      else pipe.set(key, express(i % 7 === 0 ? { cart: 'x'.repeat(100) } : {}), 'PX', 3_600_000 + i);
    }
    pipe.set('sess:big-compressible0000000000000000', express({ blob: 'ab'.repeat(60_000) }), 'EX', 600);
    pipe.set(
      'sess:big-random000000000000000000000000',
      express({ blob: Buffer.from(Array.from({ length: 90_000 }, () => Math.floor(next() * 256))).toString('base64') }),
      'EX',
      600,
    );
    pipe.set('counter:visits', '12345');
    pipe.hset('config:small', 'mode', 'dark', 'é', 'ü');
    const large: Record<string, string> = {};
    for (let i = 0; i < 600; i++) large[`field${i}`] = `value${i}`;
    pipe.hset('config:large', large);
    pipe.rpush('queue:jobs', 'a', 'b');
    pipe.sadd('set:tags', 'a', 'b');
    pipe.zadd('zset:rank', 1, 'a');
    await pipe.exec();
    await r.select(2);
    await r.set('sess:db2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', express({}), 'PX', 86_400_000);
    await r.select(0);
    await r.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await r.set('sess:gone0000000000000000000000000000', express({}), 'PX', 20);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const dir = ((await r.config('GET', 'dir')) as string[])[1]!;
    await r.save();
    r.disconnect();
    dump = join(dir, 'dump.rdb');
    expect(statSync(dump).size).toBeGreaterThan(3 * 1024 * 1024);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('walks the same records in the same batches as on the caller thread', async () => {
    const here = await walk(await open(dump, { thread: false }));
    const there = await walk(await open(dump, { thread: true }));
    expect(here.length).toBeGreaterThan(4);
    expect(there).toStrictEqual(here);
    const values = await walk(await open(dump, { thread: true }), { values: false });
    expect(values).toStrictEqual(await walk(await open(dump, { thread: false }), { values: false }));
  });

  it('gives records whose key a spread, JSON and structuredClone keep', async () => {
    const store = await open(dump, { thread: true });
    for await (const e of store.walk({ values: false })) {
      if (e.type !== 'batch') continue;
      const rec = e.records[0]!;
      expect(Object.keys(rec)).toContain('key');
      expect({ ...rec }.key).toBe(rec.key);
      expect(Buffer.from(structuredClone(rec).key).equals(rec.key)).toBe(true);
      const json = JSON.parse(JSON.stringify(rec)) as { key: { type: string; data: number[] } };
      expect(Buffer.from(json.key.data).toString()).toBe(rec.key.toString());
      break;
    }
    await store.close();
  });

  it('gives the same report and records', async () => {
    const here = await report(dump, false);
    const there = await report(dump, true);
    expect(there.records.length).toBeGreaterThan(25_000);
    expect(there).toStrictEqual(here);
  });

  it('filters by database and glob, and reads a gzip’d dump, the same way', async () => {
    for (const [path, options, opts] of [
      [dump, { db: 2 }, {}],
      [dump, {}, { match: 'config:*' }],
      [`${dump}.gz`, {}, {}],
    ] as const) {
      if (path.endsWith('.gz')) writeFileSync(path, gzipSync(readFileSync(dump)));
      const there = await walk(await open(path, { ...options, thread: true }), opts);
      expect(there.length).toBeGreaterThan(0);
      expect(there).toStrictEqual(await walk(await open(path, { ...options, thread: false }), opts));
    }
  });

  it('ends a cut or damaged dump with the same records and the same error at the same byte', async () => {
    const bytes = readFileSync(dump);
    const cut = `${dump}.cut`;
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const damaged = `${dump}.damaged`;
    const flipped = Buffer.from(bytes);
    // A value of the hashtable-encoded hash: stored raw, so only the checksum can tell.
    const i = flipped.indexOf('value300');
    flipped[i] = flipped[i]! ^ 1;
    writeFileSync(damaged, flipped);
    for (const [path, message] of [
      [cut, /truncated: the dump ends at byte \d+.*\(at byte \d+\)/],
      [damaged, /checksum mismatch/],
    ] as const) {
      const here = await walk(await open(path, { thread: false }));
      const there = await walk(await open(path, { thread: true }));
      expect(there.at(-1)).toMatchObject({ code: 'SESSCTL_RDB_CORRUPT', message: expect.stringMatching(message) });
      expect(there).toStrictEqual(here);
      const r = await report(path, true);
      expect(r).toStrictEqual(await report(path, false));
      expect(r.report).toMatchObject({ complete: false });
    }
  });

  it('stops its thread when the walk stops early: a lookup that found its keys, an abort', async () => {
    const store = await open(dump, { thread: true });
    const found = await store.lookup([
      Buffer.from('sess:00000000000000000000000000000003'),
      Buffer.from('counter:visits'),
    ]);
    expect(found.map((r) => r.key.toString()).sort()).toEqual([
      'counter:visits',
      'sess:00000000000000000000000000000003',
    ]);
    const ac = new AbortController();
    let batches = 0;
    for await (const e of store.walk({ signal: ac.signal })) {
      expect(e.type).toBe('batch');
      if (++batches === 2) ac.abort();
    }
    expect(batches).toBe(2);
  });

  it('starts its thread at the open: the first walk takes it, a second walk gets a thread of its own', async () => {
    const here = await walk(await open(dump, { thread: false }), { match: 'sess:*', values: false });
    // The open resolves once its thread posted the dump's header and first key: no wait needed.
    const store = await open(dump, { thread: true, readAhead: true });
    expect(await walk(store, { match: 'sess:*', values: false })).toStrictEqual(here);
    expect(await walk(store, { match: 'sess:*', values: false })).toStrictEqual(here);
    await store.close();
    // Which thread each walk read on, by the process's threads (a fresh process: no test runner's).
    const run = await node(`${openedInChild(dump)}
      const counts = { before, open: threads(), walks: [] };
      for (let i = 0; i < 2; i++) {
        let during = 0;
        for await (const e of store.walk({ values: false })) during = Math.max(during, threads());
        counts.walks.push({ during, after: threads() });
      }
      console.log(JSON.stringify(counts));`);
    expect(run.code).toBe(0);
    const {
      before,
      open: opened,
      walks,
    } = JSON.parse(run.out) as {
      before: number;
      open: number;
      walks: Array<{ during: number; after: number }>;
    };
    expect(opened).toBe(before + 1);
    // The first walk reads on the open's thread (no second one), and ends it; the second starts its own.
    expect(walks).toStrictEqual([
      { during: before + 1, after: before },
      { during: before + 1, after: before },
    ]);
  });

  it('ends the thread of a store closed without a walk, and never keeps the process alive', async () => {
    const opening = `${openedInChild(dump)}
      const open = threads();
    `;
    // Closed: the thread is gone once close resolves.
    const closed = await node(`${opening}
      await store.close();
      console.log(JSON.stringify({ before, open, closed: threads() }));`);
    expect(closed.code).toBe(0);
    const counts = JSON.parse(closed.out) as { before: number; open: number; closed: number };
    expect(counts.open).toBeGreaterThan(counts.before);
    expect(counts.closed).toBe(counts.before);
    // Aborted during the open: refused as on the caller thread, and the thread is gone.
    const aborted = await node(`${opening}
      await store.close();
      const ac = new AbortController();
      const refused = openRdbStore(parseStoreUrl(${JSON.stringify(dump)}), { thread: true, readAhead: true, signal: ac.signal });
      ac.abort();
      const code = await refused.then(() => 'opened', (err) => err.code);
      console.log(JSON.stringify({ before, code, after: threads() }));`);
    expect(JSON.parse(aborted.out)).toStrictEqual({
      before: counts.before,
      code: 'SESSCTL_ABORTED',
      after: counts.before,
    });
    // Neither walked nor closed (an embedder's slip): the process still ends when its work does.
    const left = await node(`${opening}
      console.log('opened', (await store.info()).estimate.keys > 0);`);
    expect(left).toMatchObject({ code: 0, out: 'opened true\n' });
    expect(left.ms).toBeLessThan(10_000);
  });

  it('starts no thread at openStore, only at its walk; beginOpen (the CLI’s) starts it at the open', async () => {
    const fromUrlJs = pathToFileURL(join(root, 'dist/stores/from-url.js')).href;
    // Past the 8 MiB at which a dump gets a thread without being asked.
    const b = new RdbBuilder('REDIS', 12).aux('redis-ver', '7.4.2').selectDb(0);
    for (let i = 0; i < 1200; i++) b.string(`sess:${String(i).padStart(32, '0')}`, 'x'.repeat(8192));
    const big = `${dump}.big`;
    writeFileSync(big, b.end());
    expect(statSync(big).size).toBeGreaterThan(8 * 1024 * 1024);
    const run = await node(`
      import { readdirSync } from 'node:fs';
      import { stat } from 'node:fs/promises';
      const { openStore, beginOpen } = await import(${JSON.stringify(fromUrlJs)});
      const threads = () => readdirSync('/proc/self/task').length;
      await stat('.');
      const before = threads();
      const store = await openStore(${JSON.stringify(big)});
      const opened = threads();
      let walking;
      for await (const e of store.walk({ values: false })) {
        walking = threads();
        break;
      }
      await store.close();
      const walked = threads();
      const early = await (await beginOpen(${JSON.stringify(big)})).opened;
      const begun = threads();
      await early.close();
      console.log(JSON.stringify({ before, opened, walking, walked, begun, closed: threads() }));`);
    expect(run.code).toBe(0);
    const n = JSON.parse(run.out) as Record<'before' | 'opened' | 'walking' | 'walked' | 'begun' | 'closed', number>;
    expect(n.opened).toBe(n.before);
    expect(n.walking).toBeGreaterThan(n.before);
    expect(n.walked).toBe(n.before);
    expect(n.begun).toBeGreaterThan(n.before);
    expect(n.closed).toBe(n.before);
  });

  it('reads on the caller thread when no thread can start (no reader module beside the store), and tries once', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'sessctl-no-worker-'));
    try {
      cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
      cpSync(join(root, 'package.json'), join(copy, 'package.json'));
      rmSync(join(copy, 'dist/stores/rdb/walk-worker.js'));
      const load = async <T>(p: string) => (await import(pathToFileURL(join(copy, 'dist', p)).href)) as T;
      const store = await load<typeof RdbStoreModule>('stores/rdb/rdb-store.js');
      const url = (await load<typeof StoreUrlModule>('stores/store-url.js')).parseStoreUrl(dump);
      if (url.kind !== 'rdb') throw new Error('not a dump path');
      const here = await walk(await open(dump, { thread: false }));
      const early = await store.openRdbStore(url, { thread: true, readAhead: true });
      const late = await store.openRdbStore(url, { thread: true });
      expect(await walk(early)).toStrictEqual(here);
      expect(await walk(late)).toStrictEqual(here);
      // Once a thread could not start, no later walk tries again: a reader module there now would tell.
      const tried = join(copy, 'tried');
      writeFileSync(
        join(copy, 'dist/stores/rdb/walk-worker.js'),
        `import { appendFileSync } from 'node:fs'; appendFileSync(${JSON.stringify(tried)}, 'x'); throw new Error('no');`,
      );
      expect(await walk(early)).toStrictEqual(here);
      expect(await walk(late)).toStrictEqual(here);
      expect(existsSync(tried)).toBe(false);
      await early.close();
      await late.close();
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('scans a dump from the command line and exits; a bad --output fails (exit 2) and nothing keeps the process alive', async () => {
    const bin = join(root, 'bin/sessctl.js');
    const run = (args: string[]) =>
      node(`process.argv.splice(1, Infinity, ${JSON.stringify(bin)}, ...${JSON.stringify(args)});
        await import(${JSON.stringify(pathToFileURL(bin).href)});`);
    const ok = await run(['scan', dump, '--format', 'json', '--show-keys']);
    expect(ok.code).toBe(1); // the fixtures' orphans are findings
    const report = JSON.parse(ok.out) as { complete: boolean; totals: { keys: number } };
    expect(report).toMatchObject({ complete: true });
    expect(report.totals.keys).toBeGreaterThan(25_000);
    const bad = await run(['scan', dump, '--format', 'json', '--output', 'html=/nonexistent/dir/report.html']);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/nonexistent/);
    expect(bad.ms).toBeLessThan(10_000);
  });
});
