/**
 * The same small app on each adapter, listening on a loopback port: routes that read, set, count,
 * clear, regenerate and destroy the session, an anonymous route, and an error handler that
 * reports the SessctlError code and status.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { session as expressSession } from '../../src/middleware/adapters/express.js';
import { sessionPlugin } from '../../src/middleware/adapters/fastify.js';
import { session as honoSession, withSession } from '../../src/middleware/adapters/hono.js';
import type { Session } from '../../src/middleware/session.js';
import type { SessionOptions } from '../../src/middleware/types.js';

declare module '../../src/middleware/types.js' {
  interface SessionData {
    count?: number;
    [key: string]: unknown;
  }
}

export const ADAPTERS = ['express', 'fastify', 'hono', 'fetch'] as const;
export type AdapterId = (typeof ADAPTERS)[number];

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

type Handler = (s: Session, query: URLSearchParams, body: unknown) => Promise<unknown>;

const routes: Record<string, Handler> = {
  'GET /state': async (s) => ({ id: s.isNew ? null : s.id, data: s.data, transport: s.transport }),
  'POST /set': async (s, q) => {
    for (const [k, v] of q) s.data[k] = v;
    return { token: s.token ?? null, id: s.id ?? null };
  },
  'POST /incr': async (s) => {
    s.data.count = (s.data.count ?? 0) + 1;
    return { count: s.data.count, token: s.token ?? null };
  },
  'POST /clear': async (s) => {
    for (const k of Object.keys(s.data)) delete s.data[k];
    return {};
  },
  'POST /regenerate': async (s) => {
    await s.regenerate();
    return { token: s.token ?? null, id: s.id ?? null };
  },
  'POST /destroy': async (s) => {
    await s.destroy();
    return {};
  },
  'POST /echo-body': async (_s, _q, body) => ({ body }),
};

interface ErrorLike {
  code?: string;
  status?: number;
  statusCode?: number;
  message?: string;
}
const errorBody = (e: ErrorLike) => ({ code: e.code ?? null, message: e.message ?? null });
const statusOf = (e: ErrorLike) => e.status ?? e.statusCode ?? 500;

export async function startApp(
  adapter: AdapterId,
  options: SessionOptions,
  extra: { jsonParser?: boolean } = {},
): Promise<RunningApp> {
  const path = (url: string) => new URL(url, 'http://x');
  if (adapter === 'express') {
    const app = express();
    app.set('trust proxy', true);
    if (extra.jsonParser) app.use(express.json());
    app.use(expressSession(options));
    app.get('/anon', (_req, res) => void res.send('ok'));
    for (const [key, handler] of Object.entries(routes)) {
      const [method, p] = key.split(' ') as [string, string];
      app[method === 'GET' ? 'get' : 'post'](p, (req, res, next) => {
        handler(req.session, path(req.url).searchParams, req.body).then((out) => res.json(out), next);
      });
    }
    app.use(
      (err: ErrorLike, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
        void res.status(statusOf(err)).json(errorBody(err)),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((r) => server.close(() => r())),
    };
  }
  if (adapter === 'fastify') {
    const app = Fastify({ trustProxy: true });
    await app.register(sessionPlugin, options);
    app.get('/anon', async () => 'ok');
    for (const [key, handler] of Object.entries(routes)) {
      const [method, p] = key.split(' ') as [string, string];
      app.route({
        method: method as 'GET' | 'POST',
        url: p,
        handler: (req) => handler(req.session, path(req.url).searchParams, req.body),
      });
    }
    app.setErrorHandler((err: ErrorLike, _req, reply) => void reply.status(statusOf(err)).send(errorBody(err)));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
  }
  if (adapter === 'fetch') {
    const handler = withSession(
      async (req, s) => {
        const u = path(req.url);
        const route = routes[`${req.method} ${u.pathname}`];
        if (u.pathname === '/anon') return new Response('ok');
        if (!route) return new Response('not found', { status: 404 });
        const body = req.headers.get('content-type')?.includes('json') ? await req.json() : undefined;
        return Response.json(await route(s, u.searchParams, body));
      },
      { trustProxy: true, ...options },
    );
    const fetch = (req: Request) =>
      handler(req).catch((err: ErrorLike) => Response.json(errorBody(err), { status: statusOf(err) }));
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((r) => server.close(() => r())),
    };
  }
  const app = new Hono();
  app.use(honoSession({ trustProxy: true, ...options }));
  app.get('/anon', (c) => c.text('ok'));
  for (const [key, handler] of Object.entries(routes)) {
    const [method, p] = key.split(' ') as [string, string];
    app.on(method, p, async (c) => {
      const body = c.req.header('content-type')?.includes('json') ? await c.req.json() : undefined;
      return c.json(await handler(c.get('session'), path(c.req.url).searchParams, body));
    });
  }
  app.onError((err, c) => c.json(errorBody(err as ErrorLike), statusOf(err as ErrorLike) as 500));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
