/**
 * @module sessctl/middleware/hono — Hono, and `withSession()` for any other fetch-style server.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { createSessionManager } from '../session-manager.js';
import type { Session } from '../session.js';
import type { RequestFacts, SessionData, SessionOptions } from '../types.js';

declare module 'hono' {
  interface ContextVariableMap {
    session: Session<SessionData>;
  }
}

/**
 * Session middleware for Hono: `c.get('session')`. A JSON body token is read with `c.req.json()`,
 * which Hono caches, so the app can still read the body. Store errors are thrown and reach
 * `app.onError`.
 *
 * @example
 * app.use(session({ store: redisStore({ url }), secret }));
 * app.post('/login', async (c) => {
 *   const s = c.get('session');
 *   s.data.userId = user.id;
 *   await s.regenerate();
 *   return c.json({ token: s.token });
 * });
 */
export function session(options: SessionOptions = {}): MiddlewareHandler {
  const manager = createSessionManager(options);
  const o = manager.options;
  return async function sessctlSession(c: Context, next) {
    const secure = isSecure(c, o.trustProxy);
    const facts: RequestFacts = {
      method: c.req.method,
      header: (name) => c.req.header(name),
      secure,
      readBody: async () => {
        if (!/^application\/([\w.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '')) return undefined;
        // An unparsable body is the app's to reject; for the session it just carries no token.
        return c.req.json().catch(() => undefined);
      },
    };
    if (manager.isPreflight(facts)) {
      c.set('session', manager.inert());
      return next();
    }
    const s = await manager.load(facts);
    c.set('session', s);
    await next();
    const effects = await manager.commit(s, secure);
    if (effects.setCookie) c.header('Set-Cookie', effects.setCookie, { append: true });
    if (effects.token) c.header(effects.token[0], effects.token[1]);
    if ((effects.setCookie || effects.token) && !c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  };
}

function isSecure(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export { withSession, type SessionFetchHandler } from './fetch.js';
export type { Session, SessionData, SessionOptions };
