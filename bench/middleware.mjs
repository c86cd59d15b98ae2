#!/usr/bin/env node
/**
 * sessctl/middleware (Redis store, and its default in-process memoryStore()) vs express-session +
 * connect-redis on the same dedicated redis-server, and the
 * same app without sessions (the limit):
 * requests/s for authenticated GETs (autocannon), and store writes per 1,000 requests of each kind
 * (preflight, anonymous, authenticated) counted with INFO commandstats, and the app process's CPU
 * time per authenticated GET (process.cpuUsage, asked over stdin). Each app runs in its own process. Run after a build:  npx tsc -p tsconfig.build.json && node bench/middleware.mjs
 * Env: BENCH_DURATION (s, default 5), BENCH_CONNECTIONS (default 20), BENCH_ROUNDS (default 3).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { freePort } from './ports.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const VARIANTS = ['sessctl', 'sessctl-memory', 'express-session', 'express-session-defaults', 'no-sessions'];
// Its store is in the app's process: Redis sees none of its writes, so they are not counted.
const IN_PROCESS = new Set(['sessctl-memory']);
const WRITE_COMMANDS = new Set([
  'set',
  'setex',
  'psetex',
  'setnx',
  'getex',
  'getset',
  'expire',
  'pexpire',
  'expireat',
  'pexpireat',
  'del',
  'unlink',
  'hset',
  'hmset',
  'mset',
]);
const PREFLIGHT = {
  origin: 'https://app.example',
  'access-control-request-method': 'POST',
  'access-control-request-headers': 'content-type',
};

async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sessctl-bench-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const client = new Redis(port, '127.0.0.1', { retryStrategy: () => 50 });
  client.on('error', () => {}); // refused until redis-server listens; ioredis retries
  await new Promise((resolve) => client.once('ready', resolve));
  const version = /redis_version:(\S+)/.exec(await client.info('server'))?.[1];
  return {
    port,
    client,
    version,
    stop: () => (client.disconnect(), child.kill(), rmSync(dir, { recursive: true, force: true })),
  };
}

async function startApp(kind, redisPort) {
  const child = spawn(
    process.execPath,
    [new URL('./middleware-app.mjs', import.meta.url).pathname, kind, String(redisPort)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  // The app answers each line on stdin with its CPU time so far (µs); its first line is its port.
  const lines = [];
  const waiting = [];
  let rest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    const parts = (rest + d).split('\n');
    rest = parts.pop();
    for (const line of parts) (waiting.shift() ?? ((l) => lines.push(l)))(line);
  });
  const nextLine = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((r) => waiting.push(r)));
  const port = await new Promise((resolve, reject) => {
    nextLine().then((l) => resolve(Number(l)));
    child.once('exit', (code) => reject(new Error(`${kind} app exited with ${code}`)));
  });
  const cpuUs = async () => (child.stdin.write('cpu\n'), Number(await nextLine()));
  return { url: `http://127.0.0.1:${port}`, cpuUs, stop: () => child.kill() };
}

async function login(url) {
  const res = await fetch(`${url}/login`, { method: 'POST' });
  // Read the body: express-session holds back its last byte until its store write is done.
  await res.text();
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('login set no cookie');
  return cookie;
}

/** Write commands since the last RESETSTAT: total and per command (`{ total, by: { expire: 1000 } }`). */
async function writes(redis) {
  const stats = await redis.info('commandstats');
  const by = {};
  for (const m of stats.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm))
    if (WRITE_COMMANDS.has(m[1])) by[m[1]] = Number(m[2]);
  return { total: Object.values(by).reduce((a, b) => a + b, 0), by };
}

async function run(opts) {
  const r = await autocannon(opts);
  if (r.non2xx || r.errors) throw new Error(`${opts.url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r;
}

const redis = await startRedis();
const results = {};
const apps = {};
try {
  for (const kind of VARIANTS) apps[kind] = await startApp(kind, redis.port);
  const cookies = {};
  for (const kind of VARIANTS) {
    const url = apps[kind].url;
    cookies[kind] = kind === 'no-sessions' ? 'none=1' : await login(url);
    // Write counts: 1,000 requests of each kind, from a reset counter.
    const perKind = {};
    for (const [name, req] of Object.entries({
      preflight: { url: `${url}/me`, method: 'OPTIONS', headers: PREFLIGHT },
      anonymous: { url: `${url}/me` },
      authenticated: { url: `${url}/me`, headers: { cookie: cookies[kind] } },
    })) {
      await redis.client.config('RESETSTAT');
      await run({ ...req, amount: 1000, connections: 10 });
      perKind[name] = IN_PROCESS.has(kind) ? undefined : await writes(redis.client);
    }
    results[kind] = { perKind, rps: [], cpu: [] };
  }
  // Throughput rounds are interleaved, so load from outside the benchmark hits every app alike.
  for (const kind of VARIANTS)
    await run({
      url: `${apps[kind].url}/me`,
      headers: { cookie: cookies[kind] },
      duration: 1,
      connections: CONNECTIONS,
    });
  for (let i = 0; i < ROUNDS; i++) {
    for (const kind of VARIANTS) {
      const before = await apps[kind].cpuUs();
      const r = await run({
        url: `${apps[kind].url}/me`,
        headers: { cookie: cookies[kind] },
        duration: DURATION,
        connections: CONNECTIONS,
      });
      // CPU per request of the app process: the load generator shares the CPUs, so req/s alone
      // moves with whatever else runs; this is what the session layer itself costs.
      results[kind].cpu.push(((await apps[kind].cpuUs()) - before) / r.requests.total);
      results[kind].rps.push(r.requests.average);
    }
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const r of Object.values(results)) {
    r.rps = median(r.rps);
    r.cpu = median(r.cpu);
  }
} finally {
  for (const app of Object.values(apps)) app.stop();
  redis.stop();
}

const base = results['express-session'].rps;
const limit = results['no-sessions'].rps;
const limitCpu = results['no-sessions'].cpu;
console.log(
  `node ${process.version}, redis ${redis.version}, ${CONNECTIONS} connections, ${ROUNDS}×${DURATION}s rounds (median)`,
);
console.log('');
console.log(
  '| app | authenticated GET req/s | vs express-session | cost vs no sessions | app CPU µs per GET (vs no sessions) | store writes per 1,000 mixed (⅓ each kind) | per 1,000 preflights | per 1,000 anonymous GETs | per 1,000 authenticated GETs |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [kind, r] of Object.entries(results)) {
  const cell = (w) =>
    w === undefined
      ? 'in-process'
      : `${w.total}${
          w.total
            ? ` (${Object.entries(w.by)
                .map(([c, n]) => `${c} ${n}`)
                .join(', ')})`
            : ''
        }`;
  const mixed = IN_PROCESS.has(kind)
    ? 'in-process'
    : Math.round((r.perKind.preflight.total + r.perKind.anonymous.total + r.perKind.authenticated.total) / 3);
  console.log(
    `| ${kind} | ${Math.round(r.rps)} | ${(r.rps / base).toFixed(2)}× | ${((1 - r.rps / limit) * 100).toFixed(0)} % | ${Math.round(r.cpu)} (${(r.cpu / limitCpu).toFixed(2)}×) | ${mixed} | ${cell(r.perKind.preflight)} | ${cell(r.perKind.anonymous)} | ${cell(r.perKind.authenticated)} |`,
  );
}
console.log('');
console.log(
  'no-sessions: the same Express app and routes without a session layer, the limit ("cost" = throughput lost against it).',
);
console.log(
  'sessctl-memory: sessctl with its default in-process memoryStore(). express-session: resave:false, saveUninitialized:false (README advice); -defaults: resave/saveUninitialized true. All: connect-redis 9, cors() after the session layer.',
);
