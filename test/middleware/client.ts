import { request } from 'undici';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  setCookie: string[];
  body: Record<string, unknown> | string;
}

/** One real HTTP request; `json` sends a JSON body. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; json?: unknown } = {},
): Promise<Reply> {
  const headers = { ...opts.headers };
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  const res = await request(base + path, {
    method: method as 'GET',
    headers,
    body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
  });
  const text = await res.body.text();
  let body: Reply['body'] = text;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  const sc = res.headers['set-cookie'];
  return {
    status: res.statusCode,
    headers: res.headers,
    setCookie: sc === undefined ? [] : Array.isArray(sc) ? sc : [sc],
    body,
  };
}

/** The `name=value` pair of the session cookie in a reply, for the next request's Cookie header. */
export function cookieOf(r: Reply, name = 'sid'): string | undefined {
  const c = r.setCookie.find((s) => s.startsWith(`${name}=`));
  return c?.split(';')[0];
}

export function cookieValue(r: Reply, name = 'sid'): string | undefined {
  const pair = cookieOf(r, name);
  return pair === undefined ? undefined : decodeURIComponent(pair.slice(name.length + 1));
}
