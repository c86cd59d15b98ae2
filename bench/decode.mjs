// Decode throughput per format on session payloads real frameworks wrote (test/fixtures).
// Run: npx tsc -p tsconfig.build.json && node bench/decode.mjs [--ms=400]
// Prints payloads per CPU-second for the format's own decoder and for detectAndDecode (sniff + decode, as the
// scan does), with ratios against JSON.parse of the same express-session payload in this run.
import { readFileSync } from 'node:fs';
import { decoderById, detectAndDecode, decodeSpringHash } from '../dist/formats/index.js';

const ms = Number(process.argv.find((a) => a.startsWith('--ms='))?.slice(5) ?? 400);
const fixture = (path) => readFileSync(new URL(`../test/fixtures/${path}`, import.meta.url));

const payloads = [
  ['json', 'express-session authenticated', fixture('node/express-session/authenticated.bin'), 'sess:x'],
  [
    'pickle',
    'Flask-Session 0.3 anonymous (protocol 4)',
    fixture('flask-session/redis-pickle/anonymous.pickle'),
    'session:x',
  ],
  [
    'pickle',
    'Flask-Session 0.3 authenticated (protocol 4)',
    fixture('flask-session/redis-pickle/authenticated.pickle'),
    'session:x',
  ],
  [
    'pickle',
    'Django cache authenticated',
    fixture('django/redis-cache/authenticated.pickle'),
    ':1:django.contrib.sessions.cachex',
  ],
  [
    'pickle',
    'Flask-Session memcached (protocol 0)',
    fixture('flask-session/memcached-pickle/authenticated.pickle'),
    'session:x',
  ],
  [
    'msgpack',
    'Flask-Session 0.7 authenticated',
    fixture('flask-session/redis-msgpack/authenticated.msgpack'),
    'session:x',
  ],
  ['php', 'phpredis anonymous', fixture('php/redis-php/anonymous.php'), 'PHPREDIS_SESSION:x'],
  [
    'php_serialize',
    'Laravel authenticated (double serialized)',
    fixture('laravel/redis/authenticated.php_serialize'),
    'laravel_database_laravel_cache_:x',
  ],
  ['marshal', 'Rack authenticated', fixture('rack/redis-marshal/authenticated.marshal'), 'rack:session:2::x'],
];
const spring = new Map(
  Object.entries(JSON.parse(fixture('spring-session/redis-jdk/authenticated.hash.json'))).map(([k, v]) => [
    k,
    Buffer.from(v, 'base64'),
  ]),
);

/**
 * Calls fn in batches for about `ms` ms of this process's CPU time after a warm-up; returns calls
 * per CPU-second. CPU time (user + system, GC included), not wall time, so the figure is "per
 * core" and holds on a shared, loaded machine.
 */
function rate(fn) {
  for (let i = 0; i < 20_000; i++) fn();
  let calls = 0;
  const started = process.cpuUsage();
  const budget = ms * 1000;
  let used = 0;
  while (used < budget) {
    for (let i = 0; i < 1000; i++) fn();
    calls += 1000;
    const { user, system } = process.cpuUsage(started);
    used = user + system;
  }
  return (calls * 1e6) / used;
}

const check = (result, label) => {
  if (!result.ok) throw new Error(`${label} did not decode: ${result.reason}`);
  return result;
};

const anchorBytes = payloads[0][2];
const anchor = rate(() => JSON.parse(anchorBytes.toString('utf8')));
const fmt = (n) => `${Math.round(n / 1000).toLocaleString('en-US')}k/s`;

console.log(`node ${process.version}, ${ms} ms of CPU time per figure, payloads per CPU-second (one core)`);
console.log(
  `anchor: JSON.parse(buf.toString()) on the ${anchorBytes.length}-byte express-session payload: ${fmt(anchor)}`,
);
console.log('');
console.log(['format', 'payload', 'bytes', 'decoder', 'detectAndDecode', 'vs anchor'].join('\t'));
for (const [format, label, bytes, key] of payloads) {
  const decoder = decoderById[format];
  check(decoder.decode(bytes), label);
  const detected = check(detectAndDecode(bytes, key), label);
  if (detected.format !== format) throw new Error(`${label} detected as ${detected.format}`);
  const direct = rate(() => decoder.decode(bytes));
  const viaDetect = rate(() => detectAndDecode(bytes, key));
  console.log(
    [format, label, bytes.length, fmt(direct), fmt(viaDetect), `${(viaDetect / anchor).toFixed(2)}x`].join('\t'),
  );
}
check(decodeSpringHash(spring), 'spring');
const springRate = rate(() => decodeSpringHash(spring));
const springBytes = [...spring.values()].reduce((n, b) => n + b.length, 0);
console.log(
  [
    'spring-hash',
    'Spring Security authenticated (4 fields)',
    springBytes,
    fmt(springRate),
    '-',
    `${(springRate / anchor).toFixed(2)}x`,
  ].join('\t'),
);
