#!/usr/bin/env node
/**
 * How long a full `sessctl probe` (no --ttl) takes against local servers, against an anchor measured
 * in the same run: the same number of plain sequential undici GETs to the same server. Targets: a
 * cookie-and-token server (in-memory sessions), express-session defaults with cors() after the
 * session (MemoryStore), and the same with connect-redis on a private redis-server probed with
 * --store (SCAN before/after every step). Run after a build:
 *   npx tsc -p tsconfig.build.json && node bench/probe.mjs        (BENCH_ROUNDS, default 10)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { request } from 'undici';
import cors from 'cors';
import express from 'express';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { freePort } from './ports.mjs';

const DIST = process.env.SESSCTL_DIST ?? new URL('../dist/', import.meta.url).href;
const { probe } = await import(new URL('probe/run-probe.js', DIST).href);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

function cookieTokenServer() {
  const sessions = new Map();
  return createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const cookie = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      let bodyToken;
      try {
        bodyToken = JSON.parse(body).token;
      } catch {
        /* none */
      }
      const api = req.headers['x-auth-token'] !== undefined || bodyToken !== undefined;
      let id = cookie ?? req.headers['x-auth-token'] ?? bodyToken;
      const fresh = id === undefined;
      id ??= randomBytes(24).toString('base64url');
      if (!sessions.has(id)) sessions.set(id, { nonce: randomBytes(12).toString('hex') });
      if (fresh && !api) res.setHeader('set-cookie', `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
      res.setHeader('cache-control', 'no-store');
      if (req.method === 'OPTIONS') return res.writeHead(204).end();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ token: id, nonce: sessions.get(id).nonce }));
    });
  });
}

function expressApp(store) {
  const app = express();
  app.use(session({ secret: 'bench', store, resave: true, saveUninitialized: true }));
  app.use(cors());
  app.get('/api/me', (_req, res) => res.json({ ok: true }));
  return createServer(app);
}

async function startRedis() {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: () => 50 } });
  client.on('error', () => {});
  await client.connect();
  return {
    url: `redis://127.0.0.1:${port}`,
    client,
    stop: async () => {
      await client.quit();
      child.kill();
    },
  };
}

async function anchor(url, n) {
  const t = performance.now();
  for (let i = 0; i < n; i++) await (await request(url)).body.text();
  return performance.now() - t;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(name, server, options = {}) {
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}/api/me`;
  await probe({ url, ...options }, new AbortController().signal); // warm-up (JIT, keep-alive)
  const times = [];
  let report;
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    report = await probe({ url, ...options }, new AbortController().signal);
    times.push(performance.now() - t);
  }
  const anchors = [];
  for (let i = 0; i < 3; i++) anchors.push(await anchor(url, report.requests));
  server.closeAllConnections();
  server.close();
  const m = median(times);
  const a = median(anchors);
  console.log(
    `${name.padEnd(44)} ${String(report.requests).padStart(3)} req  median ${m.toFixed(1).padStart(6)} ms  max ${Math.max(
      ...times,
    )
      .toFixed(1)
      .padStart(
        6,
      )} ms  anchor ${a.toFixed(1).padStart(5)} ms  ×${(m / a).toFixed(1).padStart(4)}  ${Math.max(...times) < 2000 ? 'under 2 s' : 'OVER 2 s'}`,
  );
  return report;
}

console.log(
  `sessctl probe, full run without --ttl, ${ROUNDS} rounds each (anchor: the same number of plain sequential GETs)`,
);
await measure('cookie-and-token server (memory)', cookieTokenServer());
await measure('express-session defaults (MemoryStore)', expressApp(new session.MemoryStore()));
const redis = await startRedis();
try {
  const r = await measure(
    'express-session + connect-redis, --store',
    expressApp(new RedisStore({ client: redis.client, prefix: 'bench:' })),
    { store: redis.url },
  );
  console.log(
    `  store keys created per step: ${Object.entries(r.store.keysCreated)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${s}=${n}`)
      .join(' ')}`,
  );
} finally {
  await redis.stop();
}
