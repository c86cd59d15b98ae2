/**
 * What only the node:http/Express adapter has to get right: a body parser that ran first, an app
 * that streams (headers flushed before the end), a plain node:http server, and persistent cookies
 * re-sent when rolling expiry refreshes them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { session } from '../../src/middleware/adapters/express.js';
import { MemoryKv } from '../../src/stores/memory/memory-kv.js';
import { memoryStore } from '../../src/middleware/index.js';
import { call, cookieOf } from './client.js';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('express adapter specifics', () => {
  it('reads the body token from req.body when express.json() ran first', async () => {
    const app = express();
    app.use(express.json());
    app.use(session({ store: memoryStore({ kv: new MemoryKv() }) }));
    app.post('/set', (req, res) => {
      req.session.data.n = 1;
      res.json({ token: req.session.token, body: req.body });
    });
    app.post('/get', (req, res) => void res.json({ data: req.session.data, transport: req.session.transport }));
    const url = await listen(app);
    const r = await call(url, 'POST', '/set', { json: { token: null, x: 1 } });
    expect(r.setCookie).toEqual([]);
    expect(r.body).toMatchObject({ body: { token: null, x: 1 } });
    const token = (r.body as { token: string }).token;
    expect((await call(url, 'POST', '/get', { json: { token } })).body).toEqual({ data: { n: 1 }, transport: 'body' });
  });

  it('saves before the end of a streamed response, with the cookie sent at header time', async () => {
    const app = express();
    app.use(session({ store: memoryStore({ kv: new MemoryKv() }) }));
    app.post('/stream', (req, res) => {
      req.session.data.streamed = true;
      res.write('part one;');
      setImmediate(() => res.end('part two'));
    });
    app.get('/get', (req, res) => void res.json(req.session.data));
    const url = await listen(app);
    const r = await call(url, 'POST', '/stream');
    expect(r.body).toBe('part one;part two');
    expect((await call(url, 'GET', '/get', { headers: { cookie: cookieOf(r)! } })).body).toEqual({ streamed: true });
  });

  it('works on a plain node:http server', async () => {
    const mw = session({ store: memoryStore({ kv: new MemoryKv() }) });
    const url = await listen((req, res) => {
      mw(req, res, (err) => {
        if (err) return void ((res.statusCode = 500), res.end());
        const s = (req as typeof req & { session: import('../../src/middleware/session.js').Session }).session;
        if (req.method === 'POST') s.data.plain = 'yes';
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(s.data));
      });
    });
    const r = await call(url, 'POST', '/');
    expect(r.setCookie).toHaveLength(1);
    expect((await call(url, 'GET', '/', { headers: { cookie: cookieOf(r)! } })).body).toEqual({ plain: 'yes' });
  });

  it('a persistent cookie gets Max-Age = ttl and is re-sent when the TTL is refreshed', async () => {
    const kv = new MemoryKv();
    const app = express();
    app.use(session({ store: memoryStore({ kv, prefix: 'p:' }), ttl: '1h', cookie: { persistent: true } }));
    app.post('/set', (req, res) => void ((req.session.data.a = 1), res.json({})));
    app.get('/get', (req, res) => void res.json(req.session.data));
    const url = await listen(app);
    const r = await call(url, 'POST', '/set');
    expect(r.setCookie[0]).toMatch(/; Max-Age=3600; Expires=/);
    const cookie = cookieOf(r)!;
    expect((await call(url, 'GET', '/get', { headers: { cookie } })).setCookie).toEqual([]);
    const key = [...kv.keys()][0]!;
    kv.pexpire(key, 60_000);
    const touched = await call(url, 'GET', '/get', { headers: { cookie } });
    expect(touched.setCookie[0]).toMatch(/; Max-Age=3600; /);
    expect(kv.peek(key)!.expiresAt! - Date.now()).toBeGreaterThan(3_500_000);
  });

  it('a __Host- cookie is always Secure, Path=/, without Domain, and is read back by its name', async () => {
    const app = express();
    app.use(session({ store: memoryStore({ kv: new MemoryKv() }), cookie: { name: '__Host-sid' } }));
    app.post('/set', (req, res) => void ((req.session.data.h = 1), res.json({})));
    app.get('/get', (req, res) => void res.json(req.session.data));
    const url = await listen(app);
    const r = await call(url, 'POST', '/set');
    expect(r.setCookie[0]).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect((await call(url, 'GET', '/get', { headers: { cookie: cookieOf(r, '__Host-sid')! } })).body).toEqual({
      h: 1,
    });
  });
});
