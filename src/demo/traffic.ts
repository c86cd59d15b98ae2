import { Agent, request } from 'undici';
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
  requests: number;
  preflights: number;
  logins: number;
  /** Set-Cookie headers received, wanted or not. */
  setCookies: number;
  /** Set-Cookie headers on preflight responses: the browser throws these away. */
  preflightCookies: number;
}

/**
 * Browser-like traffic against one demo app. Like a browser, it keeps a cookie jar per visitor,
 * sends no cookies on a CORS preflight, and sends one before each credentialed JSON POST.
 */
export async function sendTraffic(baseUrl: string, options: TrafficOptions = {}): Promise<TrafficStats> {
  const { users = 8, anonymous = 8, monitors = 8, origin = DEMO_ORIGIN, signal } = options;
  const stats: TrafficStats = { requests: 0, preflights: 0, logins: 0, setCookies: 0, preflightCookies: 0 };
  const dispatcher = new Agent({ connections: 16 });

  const visitor = () => {
    const jar = new Map<string, string>();
    return async (method: string, path: string, init: { headers?: Record<string, string>; body?: string; cookies?: boolean } = {}) => {
      const headers: Record<string, string> = { 'user-agent': 'sessctl-demo (browser-like)', ...init.headers };
      if (init.cookies !== false && jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await request(new URL(path, baseUrl), { method, headers, body: init.body, dispatcher, signal });
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
        const [pair = '', ...attrs] = line.split(';');
        const eq = pair.indexOf('=');
        const expired = attrs.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
        if (eq <= 0) continue;
        if (expired) jar.delete(pair.slice(0, eq).trim());
        else jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
      return res.statusCode;
    };
  };
  const preflight = (send: ReturnType<typeof visitor>, path: string) => {
    stats.preflights++;
    return send('OPTIONS', path, {
      cookies: false,
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
  };

  const user = async (i: number) => {
    const send = visitor();
    await send('GET', '/');
    await preflight(send, '/api/login');
    await send('POST', '/api/login', { headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ user: `user${i}` }) });
    stats.logins++;
    await send('GET', '/api/me', { headers: { origin } });
  };
  const browser = async () => {
    const send = visitor();
    await send('GET', '/');
    await send('GET', '/api/me', { headers: { origin } });
  };
  const monitor = async () => {
    await visitor()('GET', '/health');
  };

  try {
    await Promise.all([
      ...Array.from({ length: users }, (_, i) => user(i)),
      ...Array.from({ length: anonymous }, browser),
      ...Array.from({ length: monitors }, monitor),
    ]);
  } finally {
    await dispatcher.close();
  }
  return stats;
}
