/**
 * Targets 1 and 2: express-session + connect-redis (node-redis client, as connect-redis 9 wants).
 * `naive`: express-session's defaults with cors() mounted after the session, so preflights run
 * through the session middleware and mint sessions. `lazy`: saveUninitialized false and cors first,
 * so preflights are answered before any session exists. `hidden`: like naive, but a proxy-like layer
 * strips Set-Cookie from OPTIONS responses, so only the store shows the minted sessions.
 */
import cors from 'cors';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { createClient } from 'redis';
import type { Target } from './cookie-token-server.js';
import { listenApp } from './listen-app.js';

export async function startExpressTarget(options: {
  redisUrl: string;
  variant: 'naive' | 'lazy' | 'hidden';
  prefix?: string;
}): Promise<Target> {
  const client = createClient({ url: options.redisUrl });
  await client.connect();
  const store = new RedisStore({ client, prefix: options.prefix ?? 'sess:' });
  const app = express();
  const secret = 'probe target secret';
  if (options.variant === 'hidden') {
    app.use((req, res, next) => {
      if (req.method === 'OPTIONS') {
        // Registered before express-session, so its writeHead hook (which sets the cookie) runs first.
        const writeHead = res.writeHead;
        res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
          this.removeHeader('set-cookie');
          return writeHead.apply(this, args);
        } as typeof writeHead;
      }
      next();
    });
  }
  if (options.variant !== 'lazy') {
    // express-session's defaults, spelled out only to silence its deprecation warnings.
    app.use(session({ secret, store, resave: true, saveUninitialized: true }));
    app.use(cors());
  } else {
    app.use(cors({ origin: 'http://app.local', credentials: true }));
    app.use(session({ secret, store, resave: false, saveUninitialized: false }));
  }
  app.get('/api/me', (_req, res) => {
    res.json({ ok: true });
  });
  return listenApp(app, () => client.quit());
}
