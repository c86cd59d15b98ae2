/**
 * Sessions for fetch-style handlers, `(request: Request) => Response` (Deno.serve, Bun.serve,
 * @hono/node-server's serve, Cloudflare-style workers): wrap the handler and it receives the session.
 */
import { createSessionManager } from '../session-manager.js';
import type { Session } from '../session.js';
import type { ResponseEffects, RequestFacts, SessionData, SessionOptions } from '../types.js';
import { BodyError } from './body-error.js';
import { bodyErrorResponse, readJsonRequest } from './fetch-body.js';

export type SessionFetchHandler<D extends object = SessionData> = (
  request: Request,
  session: Session<D>,
) => Response | Promise<Response>;

/**
 * Wraps a fetch handler with a session. The body token is read from a clone of the request, so
 * the handler can still read the body; a JSON body past `bodyLimit` is answered 413. Store errors are thrown: they reach the server's error
 * handling (or wrap the result in your own try/catch).
 *
 * @example
 * Deno.serve(withSession(async (req, session) => {
 *   session.data.visits = (session.data.visits ?? 0) + 1;
 *   return Response.json({ visits: session.data.visits, token: session.token });
 * }, { store }));
 */
export function withSession<D extends object = SessionData>(
  handler: SessionFetchHandler<D>,
  options: SessionOptions = {},
): (request: Request) => Promise<Response> {
  const manager = createSessionManager<D>(options);
  const o = manager.options;
  return async function sessctlSession(request) {
    const secure = isSecure(request, o.trustProxy);
    const facts: RequestFacts = {
      method: request.method,
      header: (name) => request.headers.get(name) ?? undefined,
      secure,
      readBody: () => readJsonRequest(request, o.bodyLimit),
    };
    if (manager.isPreflight(facts)) return handler(request, manager.inert());
    let s: Session<D>;
    try {
      s = await manager.load(facts);
    } catch (err) {
      if (err instanceof BodyError) return bodyErrorResponse(err);
      throw err;
    }
    const response = await handler(request, s);
    return applyEffects(response, await manager.commit(s, secure));
  };
}

/** Adds the session headers; responses with immutable headers (redirects, fetched ones) are copied first. */
export function applyEffects(response: Response, effects: ResponseEffects): Response {
  if (!effects.setCookie && !effects.token) return response;
  try {
    return withHeaders(response, effects);
  } catch {
    // Immutable headers throw on the first change, so nothing was applied to the original.
    return withHeaders(new Response(response.body, response), effects);
  }
}

function withHeaders(res: Response, effects: ResponseEffects): Response {
  if (effects.setCookie) res.headers.append('Set-Cookie', effects.setCookie);
  if (effects.token) res.headers.set(effects.token[0], effects.token[1]);
  if (!res.headers.has('cache-control')) res.headers.set('Cache-Control', 'no-store');
  return res;
}

function isSecure(request: Request, trustProxy: boolean): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  return trustProxy && request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
