/**
 * Logout targets: express-session + connect-redis with a per-session nonce in /api/me (so the body
 * shows which session answered). `destroy` logs out properly with req.session.destroy();
 * `clear-cookie` only expires the cookie on the client and leaves the session in Redis, so a copy
 * of the old cookie still works (WSTG-SESS-06).
 */
import { randomBytes } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session, { type Session } from 'express-session';
import { createClient } from 'redis';
import type { Target } from './cookie-token-server.js';
import { listenApp } from './listen-app.js';

// sessctl's own Express adapter types req.session globally; this app uses express-session's.
type AppSession = Session & { nonce?: string };
const sessionOf = (req: express.Request) => req.session as unknown as AppSession;

export async function startLogoutTarget(options: {
  redisUrl: string;
  logout: 'destroy' | 'clear-cookie';
  prefix: string;
}): Promise<Target> {
  const client = createClient({ url: options.redisUrl });
  await client.connect();
  const store = new RedisStore({ client, prefix: options.prefix });
  const app = express();
  app.use(session({ secret: 'logout target secret', store, resave: false, saveUninitialized: false }));
  app.get('/api/me', (req, res) => {
    const s = sessionOf(req);
    s.nonce ??= randomBytes(8).toString('hex');
    res.json({ nonce: s.nonce });
  });
  app.post('/logout', (req, res, next) => {
    if (options.logout === 'clear-cookie') {
      res.clearCookie('connect.sid', { path: '/' }).status(204).end();
      return;
    }
    sessionOf(req).destroy((err: unknown) => {
      if (err) return next(err);
      res.clearCookie('connect.sid', { path: '/' }).status(204).end();
    });
  });
  return listenApp(app, () => client.quit());
}
