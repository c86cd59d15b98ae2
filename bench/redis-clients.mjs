#!/usr/bin/env node
// Which Redis client the walk's per-key reads run on: the hand-written RESP path
// (stores/redis/resp-connection.ts + redis-records.ts) against ioredis, same-run, on one dedicated
// redis-server seeded with N express-session-shaped keys. Each side reads PTTL, OBJECT IDLETIME and
// GET of every key (a cluster node's pipeline: no MGET) in batches of --batch, two batches in flight
// as the walk keeps them, and builds the same record fields.
//   node bench/redis-clients.mjs [--n 100000] [--batch 250] [--rounds 3]
// Needs a build (npm run build). Prints figures and the ratio; never asserts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { numberArg, pipelineSeed, root } from './bench-kit.mjs';
import { freePort, waitPort } from './ports.mjs';

const N = numberArg('--n', 100_000);
const BATCH = numberArg('--batch', 250);
const ROUNDS = numberArg('--rounds', 3);
const { RespConnection } = await import(`${root}dist/stores/redis/resp-connection.js`);
const { fetchRedisRecords } = await import(`${root}dist/stores/redis/redis-records.js`);

const dir = mkdtempSync(join(tmpdir(), 'sessctl-bench-clients-'));
const port = await freePort();
const server = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
  { stdio: 'ignore' },
);
try {
  await waitPort(port);
  const value = JSON.stringify({ cookie: { originalMaxAge: 86_400_000, httpOnly: true, path: '/' } });
  const key = (i) => `sess:${i.toString(36).padStart(8, '0')}Xq3vT9bLmP0sKd8wZr2yN5cJ`;
  await pipelineSeed(port, 0, N, (i) => {
    const k = key(i);
    return `*5\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${value.length}\r\n${value}\r\n$2\r\nEX\r\n$5\r\n86400\r\n`;
  });
  const keys = Array.from({ length: N }, (_, i) => Buffer.from(key(i)));
  const batches = [];
  for (let i = 0; i < N; i += BATCH) batches.push(keys.slice(i, i + BATCH));

  /** Two batches in flight, as the walk keeps them; resolves with the records read. */
  async function twoInFlight(read) {
    let records = 0;
    const inFlight = [];
    for (const b of batches) {
      inFlight.push(read(b));
      if (inFlight.length >= 2) records += (await inFlight.shift()).length;
    }
    for (const p of inFlight) records += (await p).length;
    return records;
  }

  const resp = await RespConnection.open({ host: '127.0.0.1', port, connectTimeoutMs: 5000 });
  const io = new Redis({ port, host: '127.0.0.1', enableAutoPipelining: false });
  const sides = {
    'hand-written RESP (resp-connection + redis-records)': () =>
      twoInFlight((b) => fetchRedisRecords(resp, b, { values: true, noTouch: true, multiKey: false })),
    'ioredis pipeline (pttl, object idletime, getBuffer)': () =>
      twoInFlight(async (b) => {
        const p = io.pipeline();
        for (const k of b) p.pttl(k).object('IDLETIME', k).getBuffer(k);
        const replies = await p.exec();
        const out = [];
        for (let i = 0; i < b.length; i++) {
          const [[, pttl], [, idle], [, v]] = [replies[i * 3], replies[i * 3 + 1], replies[i * 3 + 2]];
          if (pttl === -2) continue;
          out.push({ key: b[i], ttlMs: pttl === -1 ? null : pttl, idleS: idle, bytes: v?.length ?? 0, value: v });
        }
        return out;
      }),
  };
  const times = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which side goes first, so neither always runs on a warmer server.
    const order = r % 2 ? Object.keys(sides).reverse() : Object.keys(sides);
    for (const name of order) {
      const t = performance.now();
      const n = await sides[name]();
      if (n !== N) throw new Error(`${name} read ${n} of ${N} keys`);
      times[name].push(performance.now() - t);
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(`N = ${N.toLocaleString('en')}, batches of ${BATCH}, median of ${ROUNDS} alternating rounds`);
  for (const [name, t] of Object.entries(times))
    console.log(`  ${name.padEnd(56)} ${Math.round(N / (median(t) / 1000)).toLocaleString('en')} keys/s`);
  const [a, b] = Object.values(times).map(median);
  console.log(`  hand-written / ioredis: ${(b / a).toFixed(2)}x (> 1: the hand-written path is faster)`);
  resp.close();
  io.disconnect();
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
