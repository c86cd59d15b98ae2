import type { IncomingMessage, ServerResponse } from 'node:http';

/** The session as the demo's routes use it, whatever layer provides it. */
export interface DemoSession {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  destroy(): void | Promise<void>;
  /** A new id for the session at login (against fixation); a naive layer has none. */
  regenerate?(): Promise<void>;
}

/** The front-end origin the demo's browser traffic comes from (a Vite dev server, say). */
export const DEMO_ORIGIN = 'http://localhost:5173';

export interface DemoRouteOptions {
  /** Origins allowed to make credentialed cross-origin requests. */
  allowOrigins?: readonly string[];
  /** Runs before the status line is written: where a naive session layer commits. */
  beforeResponse?: () => Promise<void>;
}

/**
 * The routes both demo apps share, so the only difference between them is the session layer:
 * a page, a health check, and a small JSON API (login, me, logout) called cross-origin with
 * credentials, which makes browsers send a CORS preflight before each POST.
 */
export async function demoRoutes(
  req: IncomingMessage,
  res: ServerResponse,
  session: DemoSession,
  options: DemoRouteOptions = {},
): Promise<void> {
  const { allowOrigins = [DEMO_ORIGIN], beforeResponse } = options;
  const path = new URL(req.url ?? '/', 'http://demo').pathname;
  const origin = req.headers.origin;
  if (origin !== undefined && allowOrigins.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  res.setHeader('Vary', 'Origin');

  const send = async (status: number, body: unknown, type = 'application/json') => {
    await beforeResponse?.();
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
    res.end(text);
  };

  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
    res.setHeader('Access-Control-Allow-Headers', 'content-type, x-auth-token');
    res.setHeader('Access-Control-Max-Age', '600');
    await beforeResponse?.();
    res.writeHead(204);
    res.end();
    return;
  }
  if (req.method === 'GET' && path === '/')
    return send(200, '<!doctype html><title>demo shop</title><h1>demo shop</h1>', 'text/html');
  if (req.method === 'GET' && path === '/health') return send(200, { ok: true });
  // POST as well: API clients that carry their token in the JSON body ask with a body.
  if ((req.method === 'GET' || req.method === 'POST') && path === '/api/me') {
    const user = session.get('user');
    // The 401 names the login, as many APIs do: the probe turns it into a --login suggestion.
    return send(user ? 200 : 401, user ? { user } : { user: null, login: 'POST /api/login' });
  }
  if (req.method === 'POST' && path === '/api/login') {
    const body = await readJson(req);
    const user = typeof body.user === 'string' && body.user ? body.user : 'alice';
    await session.regenerate?.();
    session.set('user', user);
    return send(200, { user });
  }
  if (req.method === 'POST' && path === '/api/logout') {
    await session.destroy();
    return send(200, { user: null });
  }
  return send(404, { error: 'not found' });
}

async function readJson(req: IncomingMessage & { body?: unknown }): Promise<Record<string, unknown>> {
  // A session layer that reads body tokens may have consumed the stream and left the JSON here.
  if (typeof req.body === 'object' && req.body !== null) return req.body as Record<string, unknown>;
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 16_384) break;
  }
  try {
    const v: unknown = JSON.parse(text || '{}');
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
