#!/usr/bin/env node
// What a scan costs the application: GET throughput of `redis-benchmark -t get -c 2` on a
// dedicated redis-server, alone and while `sessctl scan` runs back to back over N sessions, with
// the default (adaptive) pacing and with --rate max, in the same run.
//   node bench/impact.mjs [--n 200000] [--rounds 3] [--gets 300000]
// Needs a build (npm run build). Prints figures and ratios; never asserts. The goal: the default
// keeps at least 70 % of the GETs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberArg, root } from './bench-kit.mjs';
import { freePort, waitPort } from './ports.mjs';

const N = numberArg('--n', 200_000);
const ROUNDS = numberArg('--rounds', 3);
const GETS = numberArg('--gets', 300_000);

function seed(port) {
  const now = Date.now();
  const cookie = {
    originalMaxAge: 86_400_000,
    expires: new Date(now + 86_400_000).toISOString(),
    httpOnly: true,
    path: '/',
  };
  const parts = [];
  for (let i = 0; i < N; i++) {
    const k = `sess:${i.toString(36).padStart(8, '0')}Xq3vT9bLmP0sKd8wZr2yN5cJ`;
    const v = JSON.stringify(i % 10 < 7 ? { cookie } : { cookie, passport: { user: `u${i}` } });
    parts.push(
      `*5\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${Buffer.byteLength(v)}\r\n${v}\r\n$2\r\nEX\r\n$5\r\n86400\r\n`,
    );
  }
  // The app's own keys, which redis-benchmark GETs (key:__rand_int__ over 100k).
  for (let i = 0; i < 100_000; i++) {
    const k = `key:${String(i).padStart(12, '0')}`;
    parts.push(`*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$3\r\nxxx\r\n`);
  }
  const r = spawnSync('redis-cli', ['-p', String(port), '--pipe'], {
    input: parts.join(''),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`seeding failed: ${r.stderr}`);
}

/** GET requests per second of redis-benchmark with 2 clients. */
function gets(port) {
  const r = spawnSync(
    'redis-benchmark',
    ['-p', String(port), '-t', 'get', '-c', '2', '-n', String(GETS), '-r', '100000', '-q'],
    { encoding: 'utf8' },
  );
  const m = /GET: ([\d.]+) requests per second/.exec(r.stdout);
  if (!m) throw new Error(`redis-benchmark said: ${r.stdout}${r.stderr}`);
  return Number(m[1]);
}

/** Scans back to back until stopped; resolves with their JSON reports. */
function scansInLoop(url, extra) {
  let stop = false;
  let child;
  const reports = [];
  const done = (async () => {
    while (!stop) {
      child = spawn(process.execPath, [join(root, 'bin/sessctl.js'), '--format', 'json', 'scan', url, ...extra], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      await new Promise((r) => child.once('close', r));
      try {
        // A scan stopped by SIGINT still prints its partial report, with how it was paced so far.
        reports.push(JSON.parse(out));
      } catch {
        /* killed mid-output */
      }
    }
    return reports;
  })();
  return {
    async stop() {
      stop = true;
      child?.kill('SIGINT');
      return done;
    },
  };
}

async function during(port, url, extra) {
  const loop = scansInLoop(url, extra);
  // Let the first scan take its baseline before the app starts.
  await new Promise((r) => setTimeout(r, 300));
  const rps = gets(port);
  const reports = await loop.stop();
  return { rps, reports };
}

const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'sessctl-bench-impact-'));
const server = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
  { stdio: 'ignore' },
);
try {
  await waitPort(port);
  seed(port);
  const url = `redis://127.0.0.1:${port}`;
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.match(/v=(\S+)/)?.[1];
  console.log(
    `bench/impact: redis ${version}, ${N.toLocaleString('en')} sessions, redis-benchmark -t get -c 2 -n ${GETS.toLocaleString('en')}, load ${spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 3).join(' ')}`,
  );
  console.log('round  alone GET/s  default: GET/s  kept  scan keys/s  slowdowns   max: GET/s  kept  scan keys/s');
  const kept = { def: [], max: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    const alone = gets(port);
    const def = await during(port, url, []);
    const max = await during(port, url, ['--rate', 'max']);
    const mean = (rs) =>
      rs.length ? Math.round(rs.reduce((a, r) => a + (r.pacing?.meanKeysPerS ?? 0), 0) / rs.length) : NaN;
    const slow = def.reports.reduce((a, r) => a + (r.pacing?.slowdowns.length ?? 0), 0);
    kept.def.push(def.rps / alone);
    kept.max.push(max.rps / alone);
    console.log(
      `${String(round).padStart(5)}  ${Math.round(alone).toLocaleString('en').padStart(11)}  ${Math.round(def.rps).toLocaleString('en').padStart(14)}  ${((def.rps / alone) * 100).toFixed(0).padStart(3)}%  ${mean(def.reports).toLocaleString('en').padStart(11)}  ${String(slow).padStart(9)}  ${Math.round(max.rps).toLocaleString('en').padStart(11)}  ${((max.rps / alone) * 100).toFixed(0).padStart(3)}%  ${mean(max.reports).toLocaleString('en').padStart(11)}`,
    );
  }
  const range = (xs) => `${(Math.min(...xs) * 100).toFixed(0)}–${(Math.max(...xs) * 100).toFixed(0)} %`;
  console.log(
    `GETs kept during back-to-back scans: default (adaptive) ${range(kept.def)}, --rate max ${range(kept.max)} (goal for the default: ≥ 70 %)`,
  );
  console.log(
    'keys/s: the mean of the scans that ran during the GETs (the last one interrupted). Shared machines: rerun when `uptime` is quiet.',
  );
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
