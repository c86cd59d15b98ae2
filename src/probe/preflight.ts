import type { ProbeClient } from './probe-client.js';
import type { Exchange } from './http-client.js';

/** The header list a browser puts in Access-Control-Request-Headers: lower-case, sorted, no spaces. */
export function requestHeaderList(client: ProbeClient): string {
  return ['content-type', client.tokenHeader.toLowerCase()].sort().join(',');
}

/**
 * A CORS preflight exactly as a browser sends it before a credentialed JSON request with the token
 * header: OPTIONS, Origin, Access-Control-Request-Method/-Headers, and no Cookie (Fetch: "a
 * CORS-preflight request never includes credentials"). Shared by the preflight checks.
 */
export function browserPreflight(client: ProbeClient): Promise<Exchange> {
  return client.once('preflight', () =>
    client.send('preflight', {
      method: 'OPTIONS',
      url: client.target.href,
      headers: {
        origin: client.origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': requestHeaderList(client),
        accept: '*/*',
      },
    }),
  );
}

/** The same preflight from a non-browser client that does send the cookie: does it rotate the session? */
export function cookiePreflight(client: ProbeClient, cookie: string): Promise<Exchange> {
  return client.once('preflight-cookie', () =>
    client.send('preflight-with-cookie', {
      method: 'OPTIONS',
      url: client.target.href,
      headers: {
        origin: client.origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': requestHeaderList(client),
        cookie: `${client.sessionCookie}=${cookie}`,
      },
    }),
  );
}

export function header(ex: Exchange, name: string): string | undefined {
  const v = ex.response.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}
