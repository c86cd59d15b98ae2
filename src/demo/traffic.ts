import { setMaxListeners } from 'node:events';
import { Agent, request } from 'undici';
import { parseSetCookie } from '../http-cookie.js';
import { DEMO_ORIGIN } from './demo-routes.js';

export interface TrafficOptions {
  /** Visitors who log in (a page view, a preflight, the login, a call to /api/me). */
  users?: number;
  /** Visitors who only look around (a page view and an /api/me call that answers 401). */
  anonymous?: number;
  /** Uptime monitors and bots: one cookie-less GET /health each. */
  monitors?: number;
  origin?: string;
  signal?: AbortSignal;
}

export interface TrafficStats {
  visitors: { users: number; anonymous: number; monitors: number };
  requests: number;
  preflights: number;
  logins: number;
  /** Set-Cookie headers received, wanted or not. */
  setCookies: number;
  /** Set-Cookie headers on preflight responses: the browser throws these away. */
  preflightCookies: number;
}

/** The visitors of one app, across two visits with their cookie jars kept in between. */
export interface Traffic {
  /** First visit: page views, preflights, logins, health checks. */
  arrive(): Promise<void>;
  /** Returning visitors call /api/me with the cookies they kept; preflight and bot sessions are never read again. */
  comeBack(): Promise<void>;
  readonly stats: TrafficStats;
  close(): Promise<void>;
}

/**
 * Browser-like traffic against one demo app. Like a browser, it keeps a cookie jar per visitor,
 * sends no cookies on a CORS preflight (and drops any Set-Cookie on its response), and sends a
 * preflight before each credentialed JSON POST.
 */
export function traffic(baseUrl: string, options: TrafficOptions = {}): Traffic {
  const { users = 8, anonymous = 8, monitors = 8, origin = DEMO_ORIGIN, signal } = options;
  const stats: TrafficStats = {
    visitors: { users, anonymous, monitors },
    requests: 0,
    preflights: 0,
    logins: 0,
    setCookies: 0,
    preflightCookies: 0,
  };
  const dispatcher = new Agent({ connections: 16 });
  // Every request in flight listens on the signal; dozens at once are expected, not a leak.
  const local = signal ? AbortSignal.any([signal]) : undefined;
  if (local) setMaxListeners(256, local);

  const visitor = () => {
    const jar = new Map<string, string>();
    return async (
      method: string,
      path: string,
      init: { headers?: Record<string, string>; body?: string; cookies?: boolean } = {},
    ) => {
      const headers: Record<string, string> = { 'user-agent': 'sessctl-demo (browser-like)', ...init.headers };
      if (init.cookies !== false && jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await request(new URL(path, baseUrl), {
        method,
        headers,
        body: init.body,
        dispatcher,
        signal: local,
      });
      await res.body.dump();
      stats.requests++;
      const setCookie = res.headers['set-cookie'];
      for (const line of setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]) {
        stats.setCookies++;
        if (method === 'OPTIONS') {
          // A browser discards cookies on a preflight response (Fetch, CORS-preflight fetch).
          stats.preflightCookies++;
          continue;
        }
        const c = parseSetCookie(line);
        if (!c.name || c.rejected) continue;
        if (c.deletion) jar.delete(c.name);
        else jar.set(c.name, c.value);
      }
      return res.statusCode;
    };
  };
  type Send = ReturnType<typeof visitor>;
  const preflight = (send: Send, path: string) => {
    stats.preflights++;
    return send('OPTIONS', path, {
      cookies: false,
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
  };
  const userJars = Array.from({ length: users }, visitor);
  const browserJars = Array.from({ length: anonymous }, visitor);

  return {
    stats,
    async arrive() {
      await Promise.all([
        ...userJars.map(async (send, i) => {
          await send('GET', '/');
          await preflight(send, '/api/login');
          await send('POST', '/api/login', {
            headers: { origin, 'content-type': 'application/json' },
            body: JSON.stringify({ user: `user${i}` }),
          });
          stats.logins++;
        }),
        ...browserJars.map((send) => send('GET', '/')),
        ...Array.from({ length: monitors }, () => visitor()('GET', '/health')),
      ]);
    },
    async comeBack() {
      await Promise.all([...userJars, ...browserJars].map((send) => send('GET', '/api/me', { headers: { origin } })));
    },
    close: () => dispatcher.close(),
  };
}
