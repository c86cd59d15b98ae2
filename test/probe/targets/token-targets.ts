/**
 * Two small targets for the token experiments.
 *
 * `startNotFoundPostTarget`: what fooled the probe against Sinatra with Rack::Session::Redis. A GET
 * gets a cookie session and the same page for everyone; a POST (the JSON body token) gets 404 and no
 * Set-Cookie, which is no evidence of anything.
 *
 * `startBearerTarget`: client-chosen tokens in `Authorization: Bearer <token>`, the second seed's
 * design with another header: cookie sessions under `s:<id>`, token sessions under `s:` + sha256(token),
 * in a `memory://` store the probe can list. POST /logout deletes the presented session's key.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { memoryKv } from '../../../src/stores/memory/memory-kv.js';
import type { Target } from './cookie-token-server.js';

export async function startNotFoundPostTarget(): Promise<Target> {
  const sessions = new Set<string>();
  return listen((req, res) => {
    if (req.method === 'POST')
      return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    const sent = /(?:^|;\s*)rack\.session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (sent === undefined || !sessions.has(sent)) {
      const id = randomBytes(32).toString('hex');
      sessions.add(id);
      res.setHeader('set-cookie', `rack.session=${id}; path=/; HttpOnly; SameSite=Lax`);
    }
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end('Hello World');
  });
}

export async function startBearerTarget(storeName: string): Promise<Target> {
  const kv = memoryKv(storeName);
  const received: NonNullable<Target['received']> = [];
  return {
    ...(await listen((req, res) => {
      received.push({ method: req.method ?? '', headers: { ...req.headers } });
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const cookie = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const id = cookie ?? (bearer === undefined ? randomUUID() : createHash('sha256').update(bearer).digest('hex'));
      if (req.method === 'POST' && req.url === '/logout') {
        kv.delete(`s:${id}`);
        return void res.writeHead(204).end();
      }
      const stored = kv.get(`s:${id}`);
      const data = stored ? (JSON.parse(stored.toString()) as { identifier: string }) : { identifier: randomUUID() };
      kv.set(`s:${id}`, JSON.stringify(data), 30_000);
      if (bearer === undefined) res.setHeader('set-cookie', `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(data));
    })),
    received,
  };
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<Target> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
