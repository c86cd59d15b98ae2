#!/usr/bin/env node
// What `sessctl watch` measures and what it costs, on a dedicated redis-server and valkey-server
// holding N sessions and N/2 other keys: two prefixes mint at known rates (sess: 50/s, app:sess_
// 10/s) while `sessctl watch --format ndjson` runs at its defaults (5 s interval, 200 keys/s).
//   node bench/watch.mjs [--n 100000] [--duration 60] [--interval 5]
// Prints, per server: the reported created/s against the generator's (mean and worst error, and the
// stated 95 % error), the commands the watch sent per interval (INFO commandstats deltas, the
// generator's SETs left out) and the server CPU it added (INFO cpu, against an equal stretch of the
// generator alone, same run). Needs a build (npm run build). Never asserts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { numberArg, pipelineSeed, root } from './bench-kit.mjs';
import { freePort, waitPort } from './ports.mjs';

const N = numberArg('--n', 100_000);
const DURATION_S = numberArg('--duration', 60);
const INTERVAL_S = numberArg('--interval', 5);
const RATES = { 'sess:': 50, 'app:sess_': 10 };
const DAY_MS = 86_400_000;

function cli(port, ...args) {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout;
}

function info(port, section) {
  const f = new Map();
  for (const l of cli(port, 'INFO', section).split(/\r?\n/)) {
    const i = l.indexOf(':');
    if (i > 0) f.set(l.slice(0, i), l.slice(i + 1));
  }
  return f;
}

/** Calls per command from INFO commandstats. */
function commandCalls(port) {
  const out = {};
  for (const [k, v] of info(port, 'commandstats')) {
    const m = /^cmdstat_(\S+)$/.exec(k);
    if (m) out[m[1]] = Number(/calls=(\d+)/.exec(v)[1]);
  }
  return out;
}

const cpuS = (port) => {
  const f = info(port, 'cpu');
  return Number(f.get('used_cpu_sys')) + Number(f.get('used_cpu_user'));
};

/** SETs of fresh keys at fixed rates per prefix: request i at start + i/rate. */
function generator(port) {
  const s = connect(port, '127.0.0.1');
  s.on('data', () => {});
  const start = performance.now();
  const sent = Object.fromEntries(Object.keys(RATES).map((p) => [p, 0]));
  const v = JSON.stringify({ cookie: { originalMaxAge: DAY_MS, httpOnly: true, path: '/' } });
  const timer = setInterval(() => {
    const el = (performance.now() - start) / 1000;
    for (const [prefix, rate] of Object.entries(RATES)) {
      while (sent[prefix] < Math.floor(el * rate)) {
        const k = `${prefix}${Math.random().toString(36).slice(2, 12)}${(sent[prefix]++).toString(36)}Xq3vT9bLmP0sKd8w`;
        s.write(`*5\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n$2\r\nPX\r\n$8\r\n${DAY_MS}\r\n`);
      }
    }
  }, 5);
  return { stop: () => (clearInterval(timer), s.end()) };
}

async function run(kind) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `sessctl-bench-watch-${kind}-`));
  const server = spawn(`${kind}-server`, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir], {
    stdio: 'ignore',
  });
  try {
    await waitPort(port);
    const v = JSON.stringify({ cookie: { originalMaxAge: DAY_MS, httpOnly: true, path: '/' } });
    await pipelineSeed(port, 0, N, (i) => {
      const k = `sess:${i.toString(36).padStart(8, '0')}Xq3vT9bLmP0sKd8wZr2yN5cJ`;
      return `*5\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n$2\r\nPX\r\n$8\r\n${DAY_MS}\r\n`;
    });
    await pipelineSeed(port, 0, N / 2, (i) => {
      const k = `cache:page:${i}`;
      return `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$3\r\nxxx\r\n`;
    });
    const gen = generator(port);
    // The generator alone, as long as the watch will run: the CPU the watch adds is the difference.
    let cpu0 = cpuS(port);
    await new Promise((r) => setTimeout(r, DURATION_S * 1000));
    const cpuAlone = cpuS(port) - cpu0;

    const calls0 = commandCalls(port);
    cpu0 = cpuS(port);
    const child = spawn(
      process.execPath,
      [
        join(root, 'bin/sessctl.js'),
        'watch',
        `redis://127.0.0.1:${port}`,
        '--format',
        'ndjson',
        '--interval',
        `${INTERVAL_S}s`,
        '--duration',
        `${DURATION_S}s`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const records = [];
    for await (const line of createInterface({ input: child.stdout })) records.push(JSON.parse(line));
    const cpuWatch = cpuS(port) - cpu0;
    const calls1 = commandCalls(port);
    gen.stop();
    const summary = records.pop().summary;
    const ticks = [...new Set(records.map((r) => r.t))].sort();
    // The first two intervals learn the TTLs and fill the window: judged from the third on.
    const settled = new Set(ticks.slice(2));
    const intervals = summary.intervals;
    const sent = Object.entries(calls1)
      .filter(([c]) => c !== 'set')
      .map(([c, n]) => [c, n - (calls0[c] ?? 0)])
      .filter(([, n]) => n > 0);
    const total = sent.reduce((s, [, n]) => s + n, 0);
    console.log(
      `\n${kind} ${(/valkey_version:(\S+)/.exec(cli(port, 'INFO', 'server')) ?? /redis_version:(\S+)/.exec(cli(port, 'INFO', 'server')))[1]}: ${N} sessions + ${N / 2} other keys, ${intervals} intervals of ${INTERVAL_S}s`,
    );
    for (const [prefix, rate] of Object.entries(RATES)) {
      const rs = records.filter((r) => r.prefix === prefix && settled.has(r.t));
      const errs = rs.map((r) => Math.abs(r.createdPerS - rate) / rate);
      const mean = rs.reduce((s, r) => s + r.createdPerS, 0) / Math.max(1, rs.length);
      console.log(
        `  ${prefix.padEnd(10)} generator ${rate}/s · reported mean ${mean.toFixed(1)}/s (${(((mean - rate) / rate) * 100).toFixed(1)}%), ` +
          `per interval mean |error| ${((errs.reduce((a, b) => a + b, 0) / Math.max(1, errs.length)) * 100).toFixed(1)}%, worst ${(Math.max(0, ...errs) * 100).toFixed(1)}%, ` +
          `stated ±${(rs.reduce((s, r) => s + r.error, 0) / Math.max(1, rs.length)).toFixed(1)}/s (95%)`,
      );
    }
    const perTick = [...settled].map((t) => records.filter((r) => r.t === t).reduce((a, r) => a + r.createdPerS, 0));
    const all = Object.values(RATES).reduce((a, b) => a + b, 0);
    console.log(
      `  all keys   generator ${all}/s · reported mean ${(perTick.reduce((a, b) => a + b, 0) / Math.max(1, perTick.length)).toFixed(1)}/s, worst interval ${(Math.max(0, ...perTick.map((x) => Math.abs(x - all) / all)) * 100).toFixed(1)}% off (store counters: no sampling error)`,
    );
    console.log(
      `  commands per interval: ${(total / intervals).toFixed(0)} (${sent.map(([c, n]) => `${c} ${(n / intervals).toFixed(0)}`).join(', ')})`,
    );
    console.log(
      `  server CPU: generator alone ${((cpuAlone / DURATION_S) * 100).toFixed(2)}% of a core, with the watch ${((cpuWatch / DURATION_S) * 100).toFixed(2)}%: the watch adds ${(((cpuWatch - cpuAlone) / DURATION_S) * 100).toFixed(2)}%`,
    );
  } finally {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of ['redis', 'valkey']) await run(kind);
