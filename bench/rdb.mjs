#!/usr/bin/env node
// RDB parser benchmark: a dedicated redis-server seeded with N express-session-shaped keys (80 %
// strings, 70 % of them with a TTL; 20 % small hashes), saved to dump.rdb, then read by
// readRdb in a fresh process that reports keys/s, MB/s and its RSS at 100k keys and at the end.
//   node bench/rdb.mjs [--n 1000000] [--rounds 3] [--gzip]
// Needs a build (npm run build). Prints figures; never asserts. Goal (issue 18): ≥ 500k keys/s, flat RSS.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { numberArg, pipelineSeed, root } from './bench-kit.mjs';
import { freePort, waitPort } from './ports.mjs';

const args = process.argv.slice(2);
const N = numberArg('--n', 1_000_000);
const ROUNDS = numberArg('--rounds', 3);
const GZIP = args.includes('--gzip');
const fmt = (n) => Math.round(n).toLocaleString('en-US');

const id = (i) => `${i.toString(36).padStart(8, '0')}Xq3vT9bLmP0sKd8wZr2yN5cJ`;
const bulk = (s) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

function command(i, now) {
  if (i % 5 === 4)
    return `*8\r\n$4\r\nHSET\r\n${bulk(`hsess:${id(i)}`)}${bulk('user')}${bulk(`u${i}`)}${bulk('created')}${bulk(String(now))}${bulk('csrf')}${bulk(id(i * 7))}`;
  const cookie = {
    originalMaxAge: 86_400_000,
    expires: new Date(now + 86_400_000).toISOString(),
    httpOnly: true,
    path: '/',
  };
  const v = JSON.stringify(i % 10 < 7 ? { cookie } : { cookie, passport: { user: `u${i}` } });
  return i % 10 < 7
    ? `*5\r\n$3\r\nSET\r\n${bulk(`sess:${id(i)}`)}${bulk(v)}$2\r\nEX\r\n$5\r\n86400\r\n`
    : `*3\r\n$3\r\nSET\r\n${bulk(`sess:${id(i)}`)}${bulk(v)}`;
}

/** Runs in a fresh process so RSS is the parser's own. */
const READER = `
const { readRdb } = await import(process.env.RDB_MODULE);
const t0 = performance.now();
const dump = readRdb(process.env.RDB_FILE);
let n = 0, rss100k = 0;
for await (const batch of dump.batches()) {
  for (const r of batch) { n++; if (n === 100000) rss100k = process.memoryUsage().rss; }
}
const s = (performance.now() - t0) / 1000;
const keys = Object.values(dump.summary.keysByType).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ s, records: n, keys, bytes: dump.summary.bytes, rss100k, rssEnd: process.memoryUsage().rss, peak: dump.summary.peakBufferBytes, complete: dump.summary.complete }));
`;

function readOnce(file) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', READER], {
    encoding: 'utf8',
    env: { ...process.env, RDB_FILE: file, RDB_MODULE: join(root, 'dist/stores/rdb/index.js') },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'sessctl-rdb-bench-'));
const server = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
  { stdio: 'ignore' },
);
try {
  await waitPort(port);
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.match(/v=(\S+)/)[1];
  let t = Date.now();
  await pipelineSeed(port, 0, N, command);
  spawnSync('redis-cli', ['-p', String(port), 'SAVE']);
  let file = join(dir, 'dump.rdb');
  console.log(
    `redis ${version}: ${fmt(N)} keys seeded and saved in ${((Date.now() - t) / 1000).toFixed(1)}s, dump ${(statSync(file).size / 1e6).toFixed(1)} MB`,
  );
  if (GZIP) {
    await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz`));
    file = `${file}.gz`;
    console.log(`gzip'd: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
  }
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(readOnce(file));
  runs.sort((a, b) => a.s - b.s);
  const med = runs[Math.floor(runs.length / 2)];
  console.log(
    `readRdb: ${fmt(med.keys / med.s)} keys/s, ${(med.bytes / 1e6 / med.s).toFixed(0)} MB/s (median of ${ROUNDS}; best ${fmt(runs[0].keys / runs[0].s)} keys/s), complete=${med.complete}`,
  );
  console.log(`  goal ≥ 500,000 keys/s: ${(med.keys / med.s / 500_000).toFixed(2)}x the goal`);
  console.log(
    `  RSS at 100k records ${(med.rss100k / 1048576).toFixed(0)} MiB, at ${fmt(med.records)} records ${(med.rssEnd / 1048576).toFixed(0)} MiB; largest input buffer ${(med.peak / 1048576).toFixed(1)} MiB`,
  );
} finally {
  server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
