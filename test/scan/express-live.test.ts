/**
 * The real express-session (+ connect-redis / connect-memcached) writes sessions the way production
 * does; the scan must tell them apart: a CORS preflight under saveUninitialized: true leaves an
 * `empty`, `never-read` session; a session read after creation is never `never-read`; one with
 * user data is never `empty`. Two scans in a row see the same idle times (Valkey, NO-TOUCH) and the
 * same fetch flags (memcached).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scan } from '../../src/scan/scan.js';
import type { ScanRecord } from '../../src/scan/types.js';

const require = createRequire(import.meta.url);
const servers = inject('servers');
const P = `live${process.pid}`;

interface App {
  base: string;
  close(): Promise<void>;
}

/** express 5 + express-session (saveUninitialized: true) with cors() after the session middleware: the classic mistake. */
async function startApp(store: unknown): Promise<App> {
  const express = require('express');
  const session = require('express-session');
  const cors = require('cors');
  const app = express();
  app.use(
    session({
      store,
      secret: 'scan-test-secret',
      resave: false,
      saveUninitialized: true,
      cookie: { maxAge: 3_600_000 },
    }),
  );
  app.use(cors({ origin: true, credentials: true }));
  app.get('/me', (req: { session: { views?: number } }, res: { json(v: unknown): void }) =>
    res.json({ views: req.session.views ?? 0 }),
  );
  app.get(
    '/cart',
    (req: { session: { cart?: string[] } }, res: { json(v: unknown): void }) => (
      (req.session.cart = ['sku-1']),
      res.json({})
    ),
  );
  app.get(
    '/login',
    (req: { session: { passport?: unknown } }, res: { json(v: unknown): void }) => (
      (req.session.passport = { user: 'u-42' }),
      res.json({})
    ),
  );
  const server: Server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const cookies = new Map<string, string>();

/** Returns the session id the response's cookie names, and remembers the cookie to send it back. */
async function call(url: string, init: RequestInit = {}): Promise<string> {
  const res = await fetch(url, init);
  await res.text();
  const line = res.headers.getSetCookie().find((c) => c.startsWith('connect.sid='));
  if (!line) throw new Error(`no session cookie from ${init.method ?? 'GET'} ${url}`);
  const pair = line.split(';')[0]!;
  const v = decodeURIComponent(pair.slice('connect.sid='.length));
  const sid = v.slice(2, v.lastIndexOf('.'));
  cookies.set(sid, pair);
  return sid;
}

const preflight = (base: string) =>
  call(`${base}/api`, {
    method: 'OPTIONS',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
  });

interface Sids {
  preflight: string;
  read: string;
  cart: string;
  login: string;
}

async function drive(app: App): Promise<Sids> {
  const read = await call(`${app.base}/me`);
  const sids = {
    preflight: await preflight(app.base),
    cart: await call(`${app.base}/cart`),
    login: await call(`${app.base}/login`),
    read,
  };
  // idle time has 1 s resolution: read the session well after its creation
  await new Promise((r) => setTimeout(r, 2200));
  const res = await fetch(`${app.base}/me`, { headers: { cookie: cookies.get(read)! } });
  await res.text();
  expect(res.headers.getSetCookie()).toEqual([]); // the same session was loaded, not a new one
  return sids;
}

async function records(url: string, keys: Record<keyof Sids, string>): Promise<Record<keyof Sids, ScanRecord>> {
  const byKey = new Map<string, ScanRecord>();
  const wanted = new Set(Object.values(keys));
  const report = await scan(url, {
    minAgeMs: 0,
    showKeys: true,
    onRecord: (r) => wanted.has(r.key) && byKey.set(r.key, r),
  });
  expect(report.complete).toBe(true);
  const out = {} as Record<keyof Sids, ScanRecord>;
  for (const [name, key] of Object.entries(keys) as Array<[keyof Sids, string]>) {
    const r = byKey.get(key);
    if (!r) throw new Error(`scan did not report ${name} session ${key}`);
    out[name] = r;
  }
  return out;
}

function expectClasses(r: Record<keyof Sids, ScanRecord>, framework: string) {
  expect(r.preflight.framework).toBe(framework);
  expect(r.preflight.classes).toEqual(expect.arrayContaining(['empty', 'never-read']));
  expect(r.preflight.orphan).toBe(true);
  expect(r.read.classes).toContain('empty');
  expect(r.read.classes).not.toContain('never-read');
  expect(r.cart.classes).toContain('anonymous');
  expect(r.cart.classes).not.toContain('empty');
  expect(r.login.classes).not.toContain('empty');
  expect(r.login.classes).not.toContain('anonymous');
  expect(r.login.evidence.userKeys).toEqual(['passport.user']);
}

describe.each([
  ['valkey 8 (CLIENT NO-TOUCH)', () => servers.valkey.url, true],
  ['redis 7.0 (no NO-TOUCH)', () => servers.redis.url, false],
] as const)('express-session + connect-redis on %s', (_name, url, noTouch) => {
  let app: App;
  let client: { quit(): Promise<unknown> };
  let keys: Record<keyof Sids, string>;
  beforeAll(async () => {
    const { createClient } = require('redis');
    const { RedisStore } = await import('connect-redis');
    client = createClient({ url: url() });
    await (client as unknown as { connect(): Promise<void> }).connect();
    app = await startApp(new RedisStore({ client, prefix: `sess:${P}` }));
    const sids = await drive(app);
    keys = Object.fromEntries(Object.entries(sids).map(([k, sid]) => [k, `sess:${P}${sid}`])) as Record<
      keyof Sids,
      string
    >;
  });
  afterAll(async () => {
    await app?.close();
    await client?.quit();
  });

  it('classifies what express-session wrote', async () => {
    expectClasses(await records(url(), keys), 'express-session');
  });

  it(noTouch ? 'a second scan sees the same idle times' : 'says that reading payloads reset idle times', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const first = await records(url(), keys);
    const t = Date.now();
    const second = await records(url(), keys);
    const elapsedS = Math.ceil((Date.now() - t) / 1000);
    for (const name of Object.keys(keys) as Array<keyof Sids>) {
      if (noTouch) {
        expect(first[name].idleS).toBeGreaterThanOrEqual(1);
        expect(second[name].idleS! - first[name].idleS!).toBeGreaterThanOrEqual(0);
        expect(second[name].idleS! - first[name].idleS!).toBeLessThanOrEqual(elapsedS);
      } else {
        // Redis 7.0 has no CLIENT NO-TOUCH: the first scan's GET reset the clock it had just read.
        expect(second[name].idleS).toBeLessThanOrEqual(elapsedS);
      }
    }
    if (noTouch) expect(second.preflight.classes).toContain('never-read');
  });
});

describe('express-session + connect-memcached on memcached', () => {
  let app: App;
  let store: { client: { end(): void } };
  let keys: Record<keyof Sids, string>;
  beforeAll(async () => {
    const session = require('express-session');
    const MemcachedStore = require('connect-memcached')(session);
    store = new MemcachedStore({ hosts: [`${servers.memcached.host}:${servers.memcached.port}`], prefix: `${P}:` });
    app = await startApp(store);
    const sids = await drive(app);
    keys = Object.fromEntries(Object.entries(sids).map(([k, sid]) => [k, `${P}:${sid}`])) as Record<keyof Sids, string>;
    // one item read with a plain get, the way any client reads: fetch=yes
    await memcached(`ms ${P}:plain-read 2 T600\r\nhi\r\nmg ${P}:plain-read v\r\n`);
  });
  afterAll(async () => {
    await app?.close();
    store?.client.end();
  });

  it('classifies what connect-memcached wrote, and does not claim never-read for a store that rewrites on every request', async () => {
    const r = await records(servers.memcached.url, keys);
    expect(r.preflight.framework).toBe('connect-memcached');
    expect(r.preflight.classes).toContain('empty');
    expect(r.preflight.evidence.fetched).toBe(false);
    expect(r.cart.classes).toContain('anonymous');
    expect(r.login.classes).not.toContain('empty');
    expect(r.login.classes).not.toContain('anonymous');
    for (const rec of Object.values(r)) expect(rec.classes).not.toContain('never-read');
    const report = await scan(servers.memcached.url, { match: `${P}:*`, minAgeMs: 0 });
    const signals = report.prefixes.find((p) => p.prefix === `${P}:`)!.signals;
    expect(signals.find((x) => x.signal === 'never-read')).toMatchObject({
      holds: false,
      why: expect.stringMatching(/rewrites the session on every request/),
    });
  });

  it('a second scan sees the same fetch flags, and scanning marks nothing fetched', async () => {
    const flags = async () => {
      const out = new Map<string, boolean | undefined>();
      await scan(servers.memcached.url, {
        match: `${P}:*`,
        minAgeMs: 0,
        showKeys: true,
        onRecord: (rec) => out.set(rec.key, rec.evidence.fetched),
      });
      return out;
    };
    const first = await flags();
    const second = await flags();
    expect(first.get(`${P}:plain-read`)).toBe(true);
    expect(first.get(keys.preflight)).toBe(false);
    expect([...second]).toEqual([...first]);
    const dump = await memcached('lru_crawler metadump all\r\n', 'END\r\n');
    expect(dump).toMatch(
      new RegExp(`key=${encodeURIComponent(keys.preflight).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} [^\n]*fetch=no`),
    );
  });
});

function memcached(text: string, end = 'MN\r\n'): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(servers.memcached.port, servers.memcached.host);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.endsWith(end)) {
        s.end();
        resolve(buf);
      }
    });
    s.on('error', reject);
    s.write(end === 'MN\r\n' ? `${text}mn\r\n` : text);
  });
}
