import type { ProbeContext } from './context.js';
import type { Exchange } from './http-client.js';

/** The header list a browser puts in Access-Control-Request-Headers: lower-case, sorted, no spaces. */
export function requestHeaderList(ctx: ProbeContext): string {
  return ['content-type', ctx.tokenHeader.toLowerCase()].sort().join(',');
}

/**
 * A CORS preflight exactly as a browser sends it before a credentialed JSON request with the token
 * header: OPTIONS, Origin, Access-Control-Request-Method/-Headers, and no Cookie (Fetch: "a
 * CORS-preflight request never includes credentials"). Shared by the preflight checks.
 */
export function browserPreflight(ctx: ProbeContext): Promise<Exchange> {
  return ctx.once('preflight', () =>
    ctx.send('preflight', {
      method: 'OPTIONS',
      url: ctx.target.href,
      headers: { origin: ctx.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaderList(ctx), accept: '*/*' },
    }),
  );
}

/** The same preflight from a non-browser client that does send the cookie: does it rotate the session? */
export function cookiePreflight(ctx: ProbeContext, cookie: string): Promise<Exchange> {
  return ctx.once('preflight-cookie', () =>
    ctx.send('preflight-with-cookie', {
      method: 'OPTIONS',
      url: ctx.target.href,
      headers: { origin: ctx.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaderList(ctx), cookie: `${ctx.model.sessionCookie}=${cookie}` },
    }),
  );
}

export function header(ex: Exchange, name: string): string | undefined {
  const v = ex.response.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}
