import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCookie, serializeSetCookie } from '../http-cookie.js';
import type { SessionStore } from '../stores/session-store.js';
import { demoRoutes, type DemoSession } from './demo-routes.js';

export interface NaiveAppOptions {
  /** Where sessions go; the demo uses prefix `sess:` so the scan reads them as express-session. */
  store: SessionStore;
  /** Cookie and store lifetime, like express-session's `cookie.maxAge` with connect-redis. */
  ttlMs?: number;
  secret?: string;
}

const COOKIE = 'connect.sid';

/**
 * The app most tutorials produce: express-session semantics with `saveUninitialized: true`, and CORS
 * handled after the session layer. Every request without a valid cookie (a CORS preflight, a health
 * check, a bot) creates a session, stores it and sends a Set-Cookie. Written with node:http so the
 * demo needs no devDependency; the stored bytes match express-session + connect-redis
 * (`{"cookie":{…}}` under `sess:<id>`, TTL = cookie max age).
 */
export function naiveApp({ store, ttlMs = 86_400_000, secret = 'keyboard cat' }: NaiveAppOptions) {
  return async function naiveApp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // express-session: load the session named by the signed cookie, or generate a fresh one.
    const signed = readCookie(req.headers.cookie, COOKIE);
    const known = signed === undefined ? undefined : unsign(signed, secret);
    const stored = known === undefined ? undefined : await store.get(known);
    const id = stored ? known! : uid();
    let data: Record<string, unknown> = stored
      ? (JSON.parse(stored.payload.toString('utf8')) as Record<string, unknown>)
      : {};
    let destroyed = false;
    const isNew = !stored;

    const session: DemoSession = {
      get: (key) => data[key],
      set: (key, value) => void (data[key] = value),
      destroy: () => void (destroyed = true),
    };
    await demoRoutes(req, res, session, {
      // saveUninitialized: true + CORS after the session: the preflight response is where the
      // session gets committed and cookied, before the CORS layer answers it.
      beforeResponse: async () => {
        if (destroyed) {
          await store.destroy(id);
          res.setHeader('Set-Cookie', serializeSetCookie(COOKIE, '', { path: '/', expires: new Date(0) }));
          return;
        }
        // resave: false, rolling: false — an unchanged session is only touched; its cookie
        // (and so its expiry) is written once, when the session is created.
        const expires = new Date(Date.now() + ttlMs);
        if (isNew)
          data = {
            cookie: { originalMaxAge: ttlMs, expires: expires.toISOString(), httpOnly: true, path: '/' },
            ...data,
          };
        const json = JSON.stringify(data);
        if (isNew || json !== stored?.payload.toString('utf8')) await store.set(id, Buffer.from(json), ttlMs);
        else await store.touch(id, ttlMs);
        if (isNew) {
          res.setHeader(
            'Set-Cookie',
            serializeSetCookie(COOKIE, encodeURIComponent(`s:${id}.${mac(id, secret)}`), {
              path: '/',
              expires,
              httpOnly: true,
            }),
          );
        }
      },
    });
  };
}

function uid(): string {
  // uid-safe(24), as express-session generates ids.
  return randomBytes(24).toString('base64url');
}

function mac(id: string, secret: string): string {
  return createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '');
}

function unsign(value: string, secret: string): string | undefined {
  if (!value.startsWith('s:')) return undefined;
  const dot = value.lastIndexOf('.');
  const id = value.slice(2, dot);
  return dot > 2 && value.slice(dot + 1) === mac(id, secret) ? id : undefined;
}
