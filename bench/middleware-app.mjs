/**
 * One app of bench/middleware.mjs, in its own process so the load generator does not share its CPU:
 *   node bench/middleware-app.mjs <sessctl|sessctl-memory|express-session|express-session-defaults|no-sessions> <redisPort>
 * Prints the listening port on stdout. Same routes in every variant: POST /login sets a user id,
 * GET /me reads it; cors() is mounted after the session layer, the order most apps have.
 */
import cors from 'cors';
import express from 'express';

const [kind, redisPort] = process.argv.slice(2);
const secret = 'bench-secret-'.padEnd(40, 'x');
const app = express();

if (kind === 'no-sessions') {
  // The limit: the same app and routes with no session layer at all.
  app.use(cors({ origin: 'https://app.example', credentials: true }));
  app.post('/login', (req, res) => res.json({ ok: true }));
  app.get('/me', (req, res) => res.json({ user: 'u1' }));
} else if (kind === 'sessctl' || kind === 'sessctl-memory') {
  const { Redis } = await import('ioredis');
  const { session } = await import('../dist/middleware/adapters/express.js');
  const { redisStore } = await import('../dist/middleware/index.js');
  // sessctl-memory: the default in-process memoryStore(), which should cost less than any network store.
  const store =
    kind === 'sessctl'
      ? redisStore({ client: new Redis(Number(redisPort), '127.0.0.1'), prefix: 'sessctl:' })
      : undefined;
  app.use(session({ store, secret, ttl: '1d' }));
  app.use(cors({ origin: 'https://app.example', credentials: true }));
  app.post('/login', (req, res) => {
    req.session.data.userId = 'u1';
    res.json({ token: req.session.token });
  });
  app.get('/me', (req, res) => res.json({ user: req.session.data.userId ?? null }));
} else {
  const { default: expressSession } = await import('express-session');
  const { RedisStore } = await import('connect-redis');
  const { createClient } = await import('redis');
  const client = createClient({ url: `redis://127.0.0.1:${redisPort}` });
  await client.connect();
  const defaults = kind === 'express-session-defaults';
  // "express-session": the configuration its README recommends; "-defaults": what you get without options.
  app.use(
    expressSession({
      store: new RedisStore({ client, prefix: 'sess:' }),
      secret,
      resave: defaults,
      saveUninitialized: defaults,
      cookie: { maxAge: 86_400_000 },
    }),
  );
  app.use(cors({ origin: 'https://app.example', credentials: true }));
  app.post('/login', (req, res) => {
    req.session.userId = 'u1';
    res.json({ ok: true });
  });
  app.get('/me', (req, res) => res.json({ user: req.session.userId ?? null }));
}

const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
// Any line on stdin asks for this process's CPU time so far (µs, user + system): the bench divides it by requests.
process.stdin.on('data', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${user + system}\n`);
});
