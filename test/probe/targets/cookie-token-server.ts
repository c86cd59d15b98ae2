/**
 * Target 6: the classic cookie-and-token session example, written plainly. Sessions live in
 * memcached (memjs) under a key derived from the id; a request is identified by its cookie, else
 * the X-Auth-Token header, else a JSON body {"token": …} — the cookie wins when several are sent.
 * Every request with none of them (preflights included) gets a new session; token clients never
 * get a cookie; unknown ids are adopted (fixation); sessions expire `ttlS` after their last use.
 * With `logout`, POST /logout deletes the presented session's key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import memjs from 'memjs';

export interface Target {
  url: string;
  close(): Promise<void>;
  /** Requests as the server received them (targets that record them). */
  received?: Array<{ method: string; headers: Record<string, string | string[] | undefined> }>;
  /** Session ids the server generated itself. */
  issued?: string[];
}

export async function startCookieTokenServer(options: {
  memcached: string;
  ttlS?: number;
  prefix?: string;
  logout?: boolean;
}): Promise<Target> {
  const { ttlS = 30, prefix = 'cts:' } = options;
  const mc = memjs.Client.create(options.memcached, { logger: { log: () => {} } });
  const received: NonNullable<Target['received']> = [];
  const issued: string[] = [];
  const server = createServer(async (req, res) => {
    received.push({ method: req.method ?? '', headers: { ...req.headers } });
    try {
      const body = await readBody(req);
      const cookie = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const header = req.headers['x-auth-token'] as string | undefined;
      let bodyToken: string | undefined;
      if (/json/.test(req.headers['content-type'] ?? '')) {
        try {
          bodyToken = (JSON.parse(body) as { token?: string }).token;
        } catch {
          /* not JSON */
        }
      }
      const apiClient = header !== undefined || bodyToken !== undefined;
      let id = cookie ?? header ?? bodyToken;
      if (options.logout && req.method === 'POST' && req.url === '/logout') {
        // Revokes the session whichever way it was presented: its memcached key is deleted.
        if (id !== undefined) await mc.delete(prefix + createHash('sha256').update(id).digest('hex'));
        if (cookie !== undefined) res.setHeader('set-cookie', 'sid=; Path=/; Max-Age=0');
        res.writeHead(204).end();
        return;
      }
      const fresh = id === undefined;
      if (id === undefined) issued.push((id = randomBytes(24).toString('base64url')));
      const key = prefix + createHash('sha256').update(id).digest('hex');
      const stored = (await mc.get(key)).value;
      const data = stored
        ? (JSON.parse(stored.toString()) as { nonce: string })
        : { nonce: randomBytes(12).toString('hex') };
      await mc.set(key, JSON.stringify(data), { expires: ttlS });
      if (fresh && !apiClient) res.setHeader('set-cookie', `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
      res.setHeader('cache-control', 'no-store');
      const origin = req.headers.origin;
      if (origin === 'http://app.local') {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-credentials', 'true');
        res.setHeader('vary', 'Origin');
      }
      if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-methods', 'GET, POST');
        res.setHeader('access-control-allow-headers', 'content-type, x-auth-token');
        res.writeHead(204).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ token: id, nonce: data.nonce }));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/me`,
    received,
    issued,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      mc.close();
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString()));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}
