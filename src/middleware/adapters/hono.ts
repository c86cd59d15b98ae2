/**
 * @module sessctl/middleware/hono — Hono, and `withSession()` for any other fetch-style server.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { createSessionManager } from '../session-manager.js';
import type { Session } from '../session.js';
import type { RequestFacts, SessionData, SessionOptions } from '../types.js';
import { BodyError } from './body-error.js';
import { bodyErrorResponse, readJsonRequest } from './fetch-body.js';

declare module 'hono' {
  interface ContextVariableMap {
    session: Session<SessionData>;
  }
}

/**
 * Session middleware for Hono: `c.get('session')`. A JSON body token is read from a clone of the
 * request, so the app can still read the body; a JSON body past `bodyLimit` is answered 413.
 * Store errors are thrown and reach `app.onError`.
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
      // A body an earlier middleware read is in Hono's cache (already in memory): use it.
      readBody: () => (c.req.raw.bodyUsed ? jsonOf(c) : readJsonRequest(c.req.raw, o.bodyLimit)),
    };
    if (manager.isPreflight(facts)) {
      c.set('session', manager.inert());
      return next();
    }
    let s: Session<SessionData>;
    try {
      s = await manager.load(facts);
    } catch (err) {
      if (err instanceof BodyError) return bodyErrorResponse(err);
      throw err;
    }
    c.set('session', s);
    await next();
    const effects = await manager.commit(s, secure);
    if (effects.setCookie) c.header('Set-Cookie', effects.setCookie, { append: true });
    if (effects.token) c.header(effects.token[0], effects.token[1]);
    if ((effects.setCookie || effects.token) && !c.res.headers.has('cache-control'))
      c.header('Cache-Control', 'no-store');
  };
}

async function jsonOf(c: Context): Promise<unknown> {
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '')) return undefined;
  // An unparsable body is the app's to reject; for the session it just carries no token.
  return c.req.json().catch(() => undefined);
}

function isSecure(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export { withSession, type SessionFetchHandler } from './fetch.js';
export type { Session, SessionData, SessionOptions };
