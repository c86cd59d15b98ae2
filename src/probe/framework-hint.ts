import type { ProbeModel } from './types.js';

/** Stacks whose fix differs enough to name: the session layer the probe saw, not a full fingerprint. */
export const PROBE_FRAMEWORKS = [
  'express-session',
  'fastify-session',
  'koa-session',
  'php',
  'django',
  'flask',
  'rack',
  'laravel',
  'java-servlet',
  'spring-session',
  'sessctl',
] as const;
export type ProbeFramework = (typeof PROBE_FRAMEWORKS)[number];

export interface FrameworkHint {
  framework: ProbeFramework;
  /** What told it: `cookie connect.sid` or `store keys sess:{id}`. */
  from: string;
}

/** Default session cookie names (exact, case-sensitive as the frameworks set them). */
const BY_COOKIE: Record<string, ProbeFramework> = {
  'connect.sid': 'express-session',
  sessionId: 'fastify-session',
  'koa.sess': 'koa-session',
  'koa:sess': 'koa-session',
  PHPSESSID: 'php',
  sessionid: 'django',
  session: 'flask',
  'rack.session': 'rack',
  _session_id: 'rack',
  laravel_session: 'laravel',
  JSESSIONID: 'java-servlet',
  SESSION: 'spring-session',
};

/** Default store key prefixes (src/frameworks), longest first so a shorter one never shadows it. */
const BY_PREFIX: Array<[string, ProbeFramework]> = [
  ['django.contrib.sessions.cache', 'django'],
  ['spring:session:', 'spring-session'],
  ['PHPREDIS_SESSION:', 'php'],
  ['memc.sess.key.', 'php'],
  ['rack:session:', 'rack'],
  ['laravel_', 'laravel'],
  ['koa:sess:', 'koa-session'],
  ['sessctl:', 'sessctl'],
  ['session:', 'flask'],
  ['sess:', 'express-session'],
];

/**
 * The session layer behind a probed app, when its cookie name or the learned store key prefix is a
 * framework's default; null when neither says (a renamed cookie and no --store).
 */
export function frameworkHint(model: Pick<ProbeModel, 'sessionCookie' | 'storeKeys'>): FrameworkHint | null {
  const cookie = model.sessionCookie;
  if (cookie) {
    // __Host-/__Secure- prefixes and Rails' `_<app>_session` keep the framework's own name recognisable.
    const bare = cookie.replace(/^__(Host|Secure)-/, '');
    const hit =
      BY_COOKIE[bare] ??
      (/^_[A-Za-z0-9]+_session$/.test(bare)
        ? 'rack'
        : /_session$/.test(bare) && bare !== 'session'
          ? 'laravel'
          : undefined);
    if (hit) return { framework: hit, from: `cookie ${cookie}` };
  }
  for (const template of Object.values(model.storeKeys ?? {})) {
    if (!template) continue;
    const hit = BY_PREFIX.find(([prefix]) => template.startsWith(prefix));
    if (hit) return { framework: hit[1], from: `store keys ${template}` };
  }
  return null;
}
