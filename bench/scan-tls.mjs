#!/usr/bin/env node
// What TLS costs a scan: ONE redis-server 7.0 listening on a plain port and a TLS port over the same
// N express-session-shaped keys, `sessctl scan` timed over redis:// and rediss:// in alternation,
// with `redis-cli --scan` (plain and --tls; SCAN only, no values) as the anchor. Throwaway CA made with openssl.
//   node bench/scan-tls.mjs [--n 200000] [--runs 3]
// Needs a build (npm run build). Prints figures and ratios; never asserts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberArg, root } from './bench-kit.mjs';
import { freePort, waitPort } from './ports.mjs';

const N = numberArg('--n', 200_000);
const RUNS = numberArg('--runs', 3);

const dir = mkdtempSync(join(tmpdir(), 'sessctl-bench-tls-'));
const ssl = (...a) => {
  const r = spawnSync('openssl', a, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${a[0]}: ${r.stderr}`);
};
const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
ssl('req', '-x509', '-new', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=bench CA');
writeFileSync(join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
ssl('req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
ssl(
  'x509',
  '-req',
  '-in',
  'server.csr',
  '-CA',
  'ca.crt',
  '-CAkey',
  'ca.key',
  '-CAcreateserial',
  '-out',
  'server.crt',
  '-days',
  '1',
  '-extfile',
  'ext',
);
const ca = join(dir, 'ca.crt');

const port = await freePort();
const tlsPort = await freePort();
const server = spawn(
  'redis-server',
  [
    '--port',
    String(port),
    '--tls-port',
    String(tlsPort),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--tls-cert-file',
    join(dir, 'server.crt'),
    '--tls-key-file',
    join(dir, 'server.key'),
    '--tls-ca-cert-file',
    ca,
    '--tls-auth-clients',
    'no',
  ],
  { stdio: 'ignore' },
);
try {
  await waitPort(port);
  await waitPort(tlsPort);
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.match(/v=(\S+)/)?.[1];

  // Seed with redis-cli --pipe: 70 % empty sessions, 30 % logged in, all with a TTL.
  const now = Date.now();
  const lines = [];
  for (let i = 0; i < N; i++) {
    const cookie = {
      originalMaxAge: 86_400_000,
      expires: new Date(now + 86_400_000).toISOString(),
      httpOnly: true,
      path: '/',
    };
    const value = JSON.stringify(i % 10 < 7 ? { cookie } : { cookie, passport: { user: `u${i}` } });
    const key = `sess:${i.toString(36).padStart(8, '0')}Xq3vT9bLmP0sKd8wZr2y`;
    lines.push(
      `*5\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${Buffer.byteLength(value)}\r\n${value}\r\n$2\r\nEX\r\n$5\r\n86400\r\n`,
    );
  }
  const seeded = spawnSync('redis-cli', ['-p', String(port), '--pipe'], {
    input: lines.join(''),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);

  const time = (cmd, argv) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    // sessctl exits 1 on findings (the seeded empty sessions); anything else must exit 0.
    if (r.status !== 0 && !(r.status === 1 && cmd === process.execPath))
      throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    return ms;
  };
  const cases = {
    'sessctl scan redis://': () =>
      time(process.execPath, [
        'bin/sessctl.js',
        '--format',
        'json',
        'scan',
        `redis://127.0.0.1:${port}`,
        '--match',
        'sess:*',
        '--rate',
        'max',
      ]),
    'sessctl scan rediss://': () =>
      time(process.execPath, [
        'bin/sessctl.js',
        '--format',
        'json',
        'scan',
        `rediss://127.0.0.1:${tlsPort}?cacert=${ca}`,
        '--match',
        'sess:*',
        '--rate',
        'max',
      ]),
    'redis-cli --scan': () => time('redis-cli', ['-p', String(port), '--scan', '--pattern', 'sess:*']),
    'redis-cli --tls --scan': () =>
      time('redis-cli', ['--tls', '--cacert', ca, '-p', String(tlsPort), '--scan', '--pattern', 'sess:*']),
  };
  const best = Object.fromEntries(Object.keys(cases).map((k) => [k, Infinity]));
  for (let run = 0; run < RUNS; run++) for (const [k, f] of Object.entries(cases)) best[k] = Math.min(best[k], f());

  console.log(`scan over TLS — redis ${version}, ${N} keys, best of ${RUNS} (ms, keys/s)`);
  for (const [k, ms] of Object.entries(best))
    console.log(
      `  ${k.padEnd(26)} ${ms.toFixed(0).padStart(7)} ms  ${Math.round((N / ms) * 1000)
        .toLocaleString('en-US')
        .padStart(10)} keys/s`,
    );
  const r = (a, b) => (best[a] / best[b]).toFixed(2);
  console.log(
    `  sessctl TLS / plain: ${r('sessctl scan rediss://', 'sessctl scan redis://')}x time   redis-cli TLS / plain: ${r('redis-cli --tls --scan', 'redis-cli --scan')}x time`,
  );
} finally {
  server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
