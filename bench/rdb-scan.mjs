#!/usr/bin/env node
// The offline scan against the live one (issue 18): a dedicated redis-server seeded with N
// express-session-shaped sessions (70 % empty with a 1-day TTL, 30 % logged in), saved after the
// first 100k keys and again after all N. In the same run, alternating: the full CLI
// `sessctl scan dump.rdb --format json` and `sessctl scan redis://… --format json` of the same
// server (default adaptive pacing, and --rate max), each in a fresh process; prints the ratios
// (goal ≥ 3×), the offline keys/s (goal ≥ 500k),
// the offline scan's peak RSS and main-thread peak heapUsed on a dump of each --rss-sizes (goal: flat;
// default the --small and --n dumps, each saved on the way up, larger ones after the live runs), and
// each contender's CPU time (user + sys of the whole process: a dump of 8 MiB or more is parsed on a
// thread beside the scan's).
//   node bench/rdb-scan.mjs [--n 1000000] [--small 100000] [--rounds 3] [--rss-sizes 100000,1000000,3000000]
// Needs a build (npm run build) and /usr/bin/time (peak RSS). Prints figures; never asserts.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberArg, pipelineSeed, root } from './bench-kit.mjs';
import { freePort, waitPort } from './ports.mjs';

const cli = join(root, 'bin/sessctl.js');
const N = numberArg('--n', 1_000_000);
const SMALL = numberArg('--small', 100_000);
const ROUNDS = numberArg('--rounds', 3);
const rssArg = process.argv.indexOf('--rss-sizes');
const RSS_SIZES = [
  ...new Set((rssArg >= 0 ? process.argv[rssArg + 1].split(',').map(Number) : [SMALL, N]).filter((n) => n > 0)),
].sort((a, b) => a - b);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

const id = (i) => `${i.toString(36).padStart(8, '0')}Xq3vT9bLmP0sKd8wZr2yN5cJ`;
const bulk = (s) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

function command(i, now) {
  const cookie = {
    originalMaxAge: 86_400_000,
    expires: new Date(now + 86_400_000).toISOString(),
    httpOnly: true,
    path: '/',
  };
  const v = JSON.stringify(i % 10 < 7 ? { cookie } : { cookie, passport: { user: `u${i}` } });
  return `*5\r\n$3\r\nSET\r\n${bulk(`sess:${id(i)}`)}${bulk(v)}$2\r\nEX\r\n$5\r\n86400\r\n`;
}

/**
 * Preloaded into the RSS runs: the main thread's peak heapUsed, sampled every 50 ms, on stderr at
 * exit. Flat heapUsed under a growing RSS is collector slack, not data the scan keeps per key.
 */
const HEAP_PROBE = `const { isMainThread } = require('node:worker_threads');
if (isMainThread) {
  let peak = 0;
  const tick = () => { peak = Math.max(peak, process.memoryUsage().heapUsed); };
  setInterval(tick, 50).unref();
  process.on('exit', () => { tick(); process.stderr.write('heapUsed ' + peak + '\\n'); });
}
`;

/** One CLI scan in a fresh process: wall seconds, CPU seconds (user + sys, every thread), peak RSS (MiB), keys in the report. */
function scanOnce(target, extra = [], node = []) {
  const t = process.hrtime.bigint();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%M %U %S', process.execPath, ...node, cli, 'scan', target, '--format', 'json', ...extra],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`sessctl scan ${target} exited ${r.status}: ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  if (!report.complete) throw new Error(`sessctl scan ${target}: incomplete report`);
  const [rssKb, user, sys] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const heap = r.stderr.match(/^heapUsed (\d+)$/m);
  return {
    s,
    cpu: user + sys,
    rssMiB: rssKb / 1024,
    heapMiB: heap ? Number(heap[1]) / 2 ** 20 : NaN,
    keys: report.totals.keys,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median CPU seconds of a contender's runs, and per key: the offline scan's counts its reader thread too. */
const cpu = (runs) => {
  const c = median(runs.map((r) => r.cpu));
  return `${c.toFixed(2)} s (${((c / N) * 1e6).toFixed(2)} µs/key)`;
};

const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'sessctl-rdb-scan-bench-'));
const server = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
  { stdio: 'ignore' },
);
try {
  await waitPort(port);
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.match(/v=(\S+)/)[1];
  const dump = join(dir, 'dump.rdb');
  const probe = join(dir, 'heap-probe.cjs');
  writeFileSync(probe, HEAP_PROBE);
  /** The dump of each RSS size: real SETs up to it (each key its own expiry), then SAVE and a copy. */
  const sized = new Map();
  let seeded = 0;
  const seedTo = async (n) => {
    await pipelineSeed(port, seeded, n, command);
    seeded = n;
    spawnSync('redis-cli', ['-p', String(port), 'SAVE']);
  };
  const keep = (n) => {
    const file = join(dir, `rss-${n}.rdb`);
    copyFileSync(dump, file);
    sized.set(n, file);
  };
  let t = Date.now();
  for (const n of RSS_SIZES.filter((n) => n < N)) {
    await seedTo(n);
    keep(n);
  }
  await seedTo(N);
  // dump.rdb is saved over when larger sizes follow: keep this one aside then.
  if (RSS_SIZES.includes(N)) {
    if (RSS_SIZES.some((n) => n > N)) keep(N);
    else sized.set(N, dump);
  }
  console.log(
    `redis ${version}: ${fmt(N)} express sessions seeded and saved in ${((Date.now() - t) / 1000).toFixed(1)}s; dump ${(statSync(dump).size / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  const offline = [];
  const live = [];
  const flat = [];
  for (let i = 0; i < ROUNDS; i++) {
    offline.push(scanOnce(dump));
    live.push(scanOnce(`redis://127.0.0.1:${port}`));
    flat.push(scanOnce(`redis://127.0.0.1:${port}`, ['--rate', 'max']));
  }
  for (const runs of [offline, live, flat])
    if (runs.some((r) => r.keys !== N)) throw new Error(`a scan reported ${runs.map((r) => r.keys)} keys, not ${N}`);

  const off = median(offline.map((r) => r.s));
  const on = median(live.map((r) => r.s));
  const max = median(flat.map((r) => r.s));
  console.log(
    `sessctl scan dump.rdb --format json: ${off.toFixed(2)} s, ${fmt(N / off)} keys/s (median of ${ROUNDS}: ${offline.map((r) => r.s.toFixed(2)).join(', ')}); CPU ${cpu(offline)}`,
  );
  console.log(
    `sessctl scan redis://… --format json:  ${on.toFixed(2)} s, ${fmt(N / on)} keys/s (median of ${ROUNDS}: ${live.map((r) => r.s.toFixed(2)).join(', ')}); client CPU ${cpu(live)}`,
  );
  console.log(
    `sessctl scan redis://… --rate max:      ${max.toFixed(2)} s, ${fmt(N / max)} keys/s (median of ${ROUNDS}: ${flat.map((r) => r.s.toFixed(2)).join(', ')}); client CPU ${cpu(flat)}`,
  );
  console.log(
    `  offline / live: ${(on / off).toFixed(2)}× against the default (adaptive) live scan, ${(max / off).toFixed(2)}× against --rate max (goal ≥ 3×)`,
  );
  console.log(`  offline: ${(N / off / 500_000).toFixed(2)}× the 500k keys/s goal`);
  console.log(`  peak RSS of the live scan: ${median(live.map((r) => r.rssMiB)).toFixed(0)} MiB on ${fmt(N)} keys`);

  // Larger dumps only now: the live runs above must see N keys.
  for (const n of RSS_SIZES.filter((n) => n > N)) {
    await seedTo(n);
    keep(n);
  }
  console.log('  the offline scan by dump size (median of each; heapUsed: the main thread’s peak):');
  for (const [n, file] of sized) {
    const runs = Array.from({ length: ROUNDS }, () => scanOnce(file, [], ['--require', probe]));
    if (runs.some((r) => r.keys !== n))
      throw new Error(`the ${fmt(n)}-key dump scanned as ${runs.map((r) => r.keys)} keys`);
    console.log(
      `    ${fmt(n).padStart(11)} keys (${(statSync(file).size / 1e6).toFixed(1)} MB): peak RSS ${median(runs.map((r) => r.rssMiB)).toFixed(0)} MiB, heapUsed ${median(runs.map((r) => r.heapMiB)).toFixed(0)} MiB`,
    );
  }
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
