import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../harness/servers.js';
import type { Target } from './cookie-token-server.js';
import { spawnTarget } from './spawn-target.js';

export type { Target } from './cookie-token-server.js';
export { startCookieTokenServer } from './cookie-token-server.js';
export { startExpressTarget } from './express-targets.js';
export { startFastifyTarget } from './fastify-target.js';
export { startLogoutTarget } from './logout-targets.js';
export { startBearerTarget, startNotFoundPostTarget } from './token-targets.js';
export { LOGIN_PASSWORD, LOGIN_USER, startLoginTarget, startTokenLoginTarget } from './login-targets.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Debian's Flask-Session lives in /usr/lib/python3: run /usr/bin/python3, not a pyenv shim. */
export async function startFlaskTarget(redisPort: number, db: number, prefix = 'session:'): Promise<Target> {
  const port = await freePort();
  return spawnTarget(
    '/usr/bin/python3',
    [join(here, 'flask_app.py'), String(redisPort), String(db), String(port), prefix],
    port,
    '/api/me',
  );
}

/** Django with its CSRF middleware: the login form needs the page's token (django_login_app.py). */
export async function startDjangoLoginTarget(
  redisPort: number,
  db: number,
  prefix: string,
  password: string,
): Promise<Target> {
  const port = await freePort();
  return spawnTarget(
    '/usr/bin/python3',
    [join(here, 'django_login_app.py'), String(redisPort), String(db), String(port), prefix, password],
    port,
    '/api/me',
  );
}

export async function startPhpTarget(redisPort: number, db: number, prefix = 'PHPREDIS_SESSION:'): Promise<Target> {
  const port = await freePort();
  return spawnTarget(
    'php',
    [
      '-d',
      'session.save_handler=redis',
      '-d',
      `session.save_path="tcp://127.0.0.1:${redisPort}?database=${db}&prefix=${prefix}"`,
      '-d',
      'session.use_strict_mode=0',
      '-S',
      `127.0.0.1:${port}`,
      join(here, 'php', 'router.php'),
    ],
    port,
    '/api/me',
  );
}

/**
 * The second seed's app (flask_token_app.py): cookie sessions and client-chosen token sessions
 * (`session_` + md5(token)) on memcached. `expiryS` is the seed's 30 s sliding expiry.
 */
export async function startFlaskTokenTarget(memcachedAddr: string, expiryS = 30): Promise<Target> {
  const port = await freePort();
  return spawnTarget(
    '/usr/bin/python3',
    [join(here, 'flask_token_app.py'), memcachedAddr, String(port), String(expiryS)],
    port,
    '/',
  );
}
