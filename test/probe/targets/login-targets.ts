/**
 * Login targets: express-session + connect-redis with saveUninitialized: false, so a session exists
 * only once POST /login stores the user in it (anonymous /api/me answers `{"user":null}` and sets no
 * cookie). `regenerate` rotates the session id at login with req.session.regenerate() (OWASP);
 * `keep` stores the user in whatever session the request came with, so an id planted before login
 * becomes the logged-in session (WSTG-SESS-03). /login takes JSON or a URL-encoded form. /logout destroys the session. With `anonymous`,
 * /api/me stores a visitor id for everyone, so anonymous requests get a (pre-login) session too.
 */
import { randomBytes } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session, { type Session } from 'express-session';
import { createClient } from 'redis';
import type { Target } from './cookie-token-server.js';
import { listenApp } from './listen-app.js';

type AppSession = Session & { user?: string; nonce?: string; visitor?: string };
const sessionOf = (req: express.Request) => req.session as unknown as AppSession;

export const LOGIN_USER = 'demo';
export const LOGIN_PASSWORD = 'correct-horse-battery';

export async function startLoginTarget(options: {
  redisUrl: string;
  login: 'regenerate' | 'keep';
  prefix: string;
  anonymous?: boolean;
}): Promise<Target> {
  const client = createClient({ url: options.redisUrl });
  await client.connect();
  const store = new RedisStore({ client, prefix: options.prefix });
  const app = express();
  app.use(express.json());
  // a login form posts URL-encoded fields: the same route takes both
  app.use(express.urlencoded({ extended: false }));
  app.use(session({ secret: 'login target secret', store, resave: false, saveUninitialized: false }));
  app.get('/api/me', (req, res) => {
    const s = sessionOf(req);
    if (options.anonymous) s.visitor ??= randomBytes(8).toString('hex');
    res.json(s.user ? { user: s.user, nonce: s.nonce } : { user: null, visitor: s.visitor ?? null });
  });
  app.post('/login', (req, res, next) => {
    const { user, password } = (req.body ?? {}) as { user?: string; password?: string };
    if (user !== LOGIN_USER || password !== LOGIN_PASSWORD) {
      res.status(401).json({ error: 'bad credentials' });
      return;
    }
    const signIn = () => {
      const s = sessionOf(req);
      s.user = user;
      s.nonce = randomBytes(8).toString('hex');
      // Echo the user name back, as many apps do: the probe must redact it in the saved HAR.
      res.json({ ok: true, user });
    };
    if (options.login === 'keep') return signIn();
    sessionOf(req).regenerate((err: unknown) => (err ? next(err) : signIn()));
  });
  app.post('/logout', (req, res, next) => {
    sessionOf(req).destroy((err: unknown) =>
      err ? next(err) : res.clearCookie('connect.sid', { path: '/' }).status(204).end(),
    );
  });
  return listenApp(app, () => client.quit());
}

/**
 * A token API with no cookies at all: POST /login answers `{"token": …}`, /api/me reads the
 * X-Auth-Token header and knows nothing without it. Tokens live in memory.
 */
export async function startTokenLoginTarget(): Promise<Target & { issued: string[] }> {
  const sessions = new Map<string, { user: string; nonce: string }>();
  const issued: string[] = [];
  const app = express();
  app.use(express.json());
  app.get('/api/me', (req, res) => {
    const s = sessions.get(req.get('x-auth-token') ?? '');
    res.json(s ?? { user: null });
  });
  app.post('/login', (req, res) => {
    const { user, password } = (req.body ?? {}) as { user?: string; password?: string };
    if (user !== LOGIN_USER || password !== LOGIN_PASSWORD) {
      res.status(401).json({ error: 'bad credentials' });
      return;
    }
    const token = randomBytes(24).toString('base64url');
    issued.push(token);
    sessions.set(token, { user, nonce: randomBytes(8).toString('hex') });
    res.json({ token });
  });
  return { ...(await listenApp(app, async () => undefined)), issued };
}
