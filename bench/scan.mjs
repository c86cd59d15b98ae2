#!/usr/bin/env node
// sessctl scan benchmark: a dedicated redis-server 7.0 and memcached on loopback, seeded with N
// express-session-shaped sessions, timed against redis-cli and a plain raw-RESP reader (bench/plain-reader.mjs, the ceiling) in the same run.
//   node bench/scan.mjs [--n 200000] [--rounds 3] [--rss-1m] [--memcached-n 500000]
// Needs a build (npm run build). Prints figures and ratios; never asserts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberArg, root } from './bench-kit.mjs';
import { freePort, waitPort } from './ports.mjs';

const args = process.argv.slice(2);
const N = numberArg('--n', 200_000);
const MC_N = numberArg('--memcached-n', 500_000);
const RSS_1M = args.includes('--rss-1m');
const ROUNDS = numberArg('--rounds', 3);

const id = (i) => `${i.toString(36).padStart(8, '0')}${'Xq3vT9bLmP0sKd8wZr2yN5cJ'.slice(0, 24)}`;
function sessionJson(i, now) {
  const cookie = {
    originalMaxAge: 86_400_000,
    expires: new Date(now + 86_400_000).toISOString(),
    secure: false,
    httpOnly: true,
    path: '/',
  };
  // 70 % what saveUninitialized: true stores for a preflight, 30 % logged in
  return JSON.stringify(i % 10 < 7 ? { cookie } : { cookie, passport: { user: `u${i}` }, cart: [i] });
}

/** Writes raw protocol in chunks and waits until `expectReplies` lines came back. */
async function pipeWrite(port, chunks, countReplies) {
  const s = connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  let seen = 0;
  let need = 0;
  let wake;
  s.on('data', (d) => {
    seen += countReplies(d);
    if (seen >= need && wake) wake();
  });
  for (const { data, replies } of chunks()) {
    need += replies;
    if (!s.write(data)) await new Promise((r) => s.once('drain', r));
    if (need - seen > 50_000) await new Promise((r) => (wake = r));
  }
  while (seen < need) await new Promise((r) => (wake = r));
  s.destroy();
}
const countLines = (d) => {
  let n = 0;
  for (const b of d) if (b === 10) n++;
  return n;
};

async function seedRedis(port, n, from = 0) {
  const now = Date.now();
  await pipeWrite(
    port,
    function* () {
      for (let i = from; i < from + n; i += 1000) {
        let text = '';
        const end = Math.min(from + n, i + 1000);
        for (let j = i; j < end; j++) {
          const k = `sess:${id(j)}`;
          const v = sessionJson(j, now);
          text += `*5\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${Buffer.byteLength(v)}\r\n${v}\r\n$2\r\nEX\r\n$5\r\n86400\r\n`;
        }
        yield { data: text, replies: end - i };
      }
    },
    countLines,
  );
}

/**
 * Runs a command to its end: wall time, output, and the client's CPU time (user + sys, from
 * /usr/bin/time, the same tool the RSS figure uses). A CPU-bound client shows here where its wall
 * time goes; a round-trip-bound one spends far less CPU than wall time.
 */
function time(cmd, argv, opts = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', cmd, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', opts.stdout ?? 'ignore', 'pipe'],
    ...opts,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [, user, sys] = r.stderr.match(/cpu (\S+) (\S+)\s*$/) ?? [];
  return { ms, cpuMs: (Number(user) + Number(sys)) * 1000, stdout: r.stdout, stderr: r.stderr };
}

function best(n, f) {
  let b = Infinity;
  let out;
  for (let i = 0; i < n; i++) {
    const r = f();
    if (r.ms < b) [b, out] = [r.ms, r];
  }
  return out;
}

function rssOf(url) {
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, join(root, 'bin/sessctl.js'), '--format', 'json', 'scan', url, '--match', 'sess:*'],
    { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 },
  );
  return Number(r.stderr.trim().split('\n').pop()) / 1024;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const sessctl = [join(root, 'bin/sessctl.js')];

async function redisBench() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sessctl-bench-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  try {
    await waitPort(port);
    const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.match(/v=(\S+)/)[1];
    const url = `redis://127.0.0.1:${port}`;
    let t = Date.now();
    await seedRedis(port, N);
    console.log(`redis ${version}: seeded ${fmt(N)} express-session keys in ${((Date.now() - t) / 1000).toFixed(1)}s`);

    // Interleaved rounds: a slow spell of a shared VM then hits every contender alike, and each
    // gets the same statistic (median of the rounds; best beside it).
    // Flat out: the default paces itself by the server's latency (bench/impact.mjs measures that).
    const cli =
      (...extra) =>
      () =>
        time(
          process.execPath,
          [...sessctl, '--format', 'json', 'scan', url, '--match', 'sess:*', '--rate', 'max', ...extra],
          { stdout: 'pipe' },
        );
    const contenders = {
      scan: cli(),
      count1000: cli('--count', '1000'),
      noValues: cli('--no-values'),
      // The ceiling: raw RESP reading the same three facts per key, replies counted, not decoded.
      plain: () =>
        time(process.execPath, [join(root, 'bench/plain-reader.mjs'), String(port), 'sess:*'], { stdout: 'pipe' }),
      listing: () => time('redis-cli', ['-p', String(port), '--scan', '--pattern', 'sess:*']),
      memkeys: () => time('redis-cli', ['-p', String(port), '--memkeys']),
    };
    const runs = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
    // The server's CPU for each run too (INFO cpu before and after): on a shared box a starved server,
    // not the client, can be what a slow round waited for.
    const serverCpuMs = () => {
      const info = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'cpu'], { encoding: 'utf8' }).stdout;
      return (
        ['used_cpu_sys', 'used_cpu_user'].reduce((s, f) => s + Number(info.match(new RegExp(`${f}:([\\d.]+)`))[1]), 0) *
        1000
      );
    };
    for (let round = 0; round < ROUNDS; round++)
      for (const [k, f] of Object.entries(contenders)) {
        const before = serverCpuMs();
        const r = f();
        runs[k].push({ ...r, serverCpuMs: serverCpuMs() - before });
      }
    const report = JSON.parse(runs.scan[0].stdout);
    if (report.totals.keys !== N) throw new Error(`sessctl saw ${report.totals.keys} keys, expected ${N}`);
    if (Number(runs.plain[0].stdout) !== N)
      throw new Error(`the plain reader saw ${runs.plain[0].stdout} keys, expected ${N}`);
    const med = (k) => [...runs[k]].sort((a, b) => a.ms - b.ms)[Math.floor(ROUNDS / 2)].ms;
    const min = (k) => Math.min(...runs[k].map((r) => r.ms));
    const cpu = (k, f = 'cpuMs') => [...runs[k]].sort((a, b) => a[f] - b[f])[Math.floor(ROUNDS / 2)][f];
    const row = (name, k) =>
      console.log(
        `  ${name.padEnd(56)} ${(med(k) / 1000).toFixed(2).padStart(6)} s  ${fmt((N / med(k)) * 1000).padStart(9)} keys/s   (best ${(min(k) / 1000).toFixed(2)} s; client CPU ${(cpu(k) / 1000).toFixed(2)} s, ${((cpu(k) * 1000) / N).toFixed(2)} µs/key; server ${(cpu(k, 'serverCpuMs') / 1000).toFixed(2)} s)`,
      );
    console.log(
      `\nN = ${fmt(N)} (median of ${ROUNDS} interleaved rounds, best beside it; each includes process start)`,
    );
    row('sessctl scan --rate max --format json (metadata+payload+decode)', 'scan');
    row('sessctl scan --count 1000', 'count1000');
    row('sessctl scan --no-values (metadata only)', 'noValues');
    row('plain reader: raw RESP SCAN 1000 + PTTL, IDLETIME, GET, counted', 'plain');
    row("redis-cli --scan --pattern 'sess:*' (bare listing)", 'listing');
    row('redis-cli --memkeys', 'memkeys');
    // Per round, so a ratio that moves can be told apart from a client that got slower.
    for (let round = 0; round < ROUNDS; round++) {
      const at = (k) =>
        `${(runs[k][round].ms / 1000).toFixed(2)} s wall, ${(runs[k][round].cpuMs / 1000).toFixed(2)} s CPU (server ${(runs[k][round].serverCpuMs / 1000).toFixed(2)} s)`;
      console.log(`  round ${round + 1}: sessctl ${at('scan')}; plain reader ${at('plain')}`);
    }
    const ratio = (a, b, f) => (f(a) / f(b)).toFixed(2);
    console.log(
      `  vs plain reader: ${ratio('plain', 'scan', med)}x (best/best ${ratio('plain', 'scan', min)}x; --count 1000 ${ratio('plain', 'count1000', med)}x)  (the ceiling: > 1 is faster than it)`,
    );
    console.log(
      `  vs bare listing: ${ratio('listing', 'scan', med)}x (best/best ${ratio('listing', 'scan', min)}x; --count 1000 ${ratio('listing', 'count1000', med)}x)`,
    );
    console.log(
      `  vs --memkeys:    ${ratio('memkeys', 'scan', med)}x (best/best ${ratio('memkeys', 'scan', min)}x; --count 1000 ${ratio('memkeys', 'count1000', med)}x)`,
    );
    console.log(
      `  classes: ${Object.entries(report.classes)
        .map(([k, v]) => `${k} ${fmt(v.count)}`)
        .join(', ')}`,
    );

    spawnSync('redis-cli', ['-p', String(port), 'FLUSHALL']);
    await seedRedis(port, 100_000);
    const r100 = rssOf(url);
    console.log(`\nRSS (max resident, whole CLI process): 100k keys ${r100.toFixed(0)} MiB`);
    if (RSS_1M) {
      t = Date.now();
      await seedRedis(port, 900_000, 100_000);
      console.log(`  seeded to 1M in ${((Date.now() - t) / 1000).toFixed(1)}s`);
      const r1m = rssOf(url);
      console.log(`  1M keys ${r1m.toFixed(0)} MiB (ratio ${(r1m / r100).toFixed(2)})`);
    } else console.log('  (pass --rss-1m to measure 1M keys too)');
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const RAW_DUMP = `
const s = require('node:net').connect(Number(process.argv[1]), '127.0.0.1', () => s.write('lru_crawler metadump hash\\r\\n'));
let lines = 0, tail = '';
s.on('data', (d) => {
  for (let i = 0; i < d.length; i++) if (d[i] === 10) lines++;
  tail = (tail + d.toString('latin1', Math.max(0, d.length - 5))).slice(-5);
  if (tail === 'END\\r\\n') { process.stdout.write(String(lines - 1)); s.destroy(); }
});`;

async function memcachedBench() {
  const port = await freePort();
  const child = spawn('memcached', ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '2048', '-u', 'root'], {
    stdio: 'ignore',
  });
  try {
    await waitPort(port);
    const now = Date.now();
    const t = Date.now();
    await pipeWrite(
      port,
      function* () {
        for (let i = 0; i < MC_N; i += 1000) {
          let text = '';
          for (let j = i; j < Math.min(MC_N, i + 1000); j++) {
            const v = sessionJson(j, now);
            text += `ms ${id(j)} ${Buffer.byteLength(v)} T86400 F2 q\r\n${v}\r\n`;
          }
          yield { data: `${text}mn\r\n`, replies: 1 };
        }
      },
      (d) => {
        let n = 0;
        for (let i = 0; i + 2 < d.length; i++) if (d[i] === 77 && d[i + 1] === 78 && d[i + 2] === 13) n++;
        return n;
      },
    );
    console.log(`\nmemcached: seeded ${fmt(MC_N)} items in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    const url = `memcached://127.0.0.1:${port}`;
    // memcached has no INFO cpu: its user + system ticks from /proc, to show which side bounds a run.
    const ticks = () => {
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) * 10; // fields 14 and 15 of stat(5); CLK_TCK is 100 on Linux
    };
    const withServer = (f) => () => {
      const before = ticks();
      const r = f();
      return { ...r, serverCpuMs: ticks() - before };
    };
    const full = best(
      3,
      withServer(() =>
        time(process.execPath, [...sessctl, '--format', 'json', 'scan', url, '--rate', 'max'], { stdout: 'pipe' }),
      ),
    );
    const meta = best(
      3,
      withServer(() =>
        time(process.execPath, [...sessctl, '--format', 'json', 'scan', url, '--no-values', '--rate', 'max'], {
          stdout: 'pipe',
        }),
      ),
    );
    // The anchor: the server's own dump rate, read by a process that does nothing but count lines
    // (a node start included, as in the sessctl runs). No client can list the items faster.
    const raw = best(
      3,
      withServer(() => time(process.execPath, ['-e', RAW_DUMP, String(port)], { stdout: 'pipe' })),
    );
    const rep = JSON.parse(full.stdout);
    const metaRep = JSON.parse(meta.stdout);
    if (Number(raw.stdout) !== MC_N || metaRep.totals.keys !== MC_N)
      throw new Error(
        `dump saw ${raw.stdout.trim()} items, the metadata scan ${metaRep.totals.keys}, expected ${MC_N}`,
      );
    const rate = (r) => fmt((MC_N / r.ms) * 1000).padStart(9);
    const cpu = (r) => `(client CPU ${(r.cpuMs / 1000).toFixed(2)} s; server ${(r.serverCpuMs / 1000).toFixed(2)} s)`;
    console.log(
      `  sessctl scan (metadump + mg values + decode)          ${(full.ms / 1000).toFixed(2)} s  ${rate(full)} items/s  ${cpu(full)}`,
    );
    console.log(
      `  sessctl scan --no-values (metadump only, no per-key)  ${(meta.ms / 1000).toFixed(2)} s  ${rate(meta)} items/s  ${cpu(meta)}`,
    );
    console.log(
      `  raw lru_crawler metadump read to END (the server's pace) ${(raw.ms / 1000).toFixed(2)} s  ${rate(raw)} items/s  ${cpu(raw)}`,
    );
    console.log(
      `  metadata scan at ${((raw.ms / meta.ms) * 100).toFixed(0)}% of the raw dump's pace; full scan at ${((raw.ms / full.ms) * 100).toFixed(0)}%`,
    );
    console.log(
      `  classes: ${Object.entries(rep.classes)
        .map(([k, v]) => `${k} ${fmt(v.count)}`)
        .join(', ')}`,
    );
  } finally {
    child.kill('SIGKILL');
  }
}

await redisBench();
await memcachedBench();
