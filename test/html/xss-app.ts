import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

/** A naive session app whose responses carry markup, for the HTML reports' escaping tests. */
export interface XssApp {
  url: string;
  /** Every session id it handed out: none may appear in a report. */
  ids: string[];
  close(): Promise<void>;
}

/** Markup the app puts in a response header the evidence shows as it is (Vary is not a secret). */
export const HEADER_MARKUP = '<img src=x onerror=alert(3)>';

/**
 * Mints a session for every request without one, preflights included, and stores it in Redis
 * under `prefix`: the mistake the probe finds, with evidence whose headers hold markup.
 */
export async function startXssApp(redis: { port: number; password: string }, prefix: string): Promise<XssApp> {
  const client = new Redis({ port: redis.port, password: redis.password, lazyConnect: true });
  await client.connect();
  const ids: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (!sid || !(await client.exists(`${prefix}${sid}`))) {
        const id = randomBytes(24).toString('hex');
        ids.push(id);
        await client.set(`${prefix}${id}`, JSON.stringify({ cookie: { originalMaxAge: 3_600_000 } }), 'EX', 3600);
        res.setHeader('Set-Cookie', `sid=${id}; Path=/`);
      }
      if (req.headers.origin) {
        res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
      }
      res.setHeader('Vary', `Origin, ${HEADER_MARKUP}`);
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
        res.setHeader('Access-Control-Allow-Headers', 'content-type, x-auth-token');
        res.statusCode = 204;
        res.end();
        return;
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ user: null }));
    })().catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/me`,
    ids,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      client.disconnect();
    },
  };
}
