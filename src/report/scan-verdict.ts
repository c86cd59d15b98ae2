import type { FrameworkId } from '../frameworks/types.js';
import type { PrefixReport } from '../scan/types.js';
import { fmtInt, fmtSeconds, fmtShare } from './format-number.js';

/** Why a framework stores sessions nobody uses, and the setting that stops it. */
export const ORPHAN_FIX = {
  'express-session':
    'express-session with saveUninitialized: true stores a session for every request without a cookie (CORS preflights, bots, health checks) → set saveUninitialized: false, and answer OPTIONS before the session middleware',
  'fastify-session':
    '@fastify/session saves uninitialized sessions by default → set saveUninitialized: false, and register @fastify/cors before the session plugin',
  'connect-memcached':
    'express-session (connect-memcached store) with saveUninitialized: true stores a session for every request without a cookie → set saveUninitialized: false',
  'koa-session':
    'something assigns to ctx.session on anonymous requests (koa-session never saves an untouched one) → only write the session after login',
  'flask-session':
    'Flask-Session stores a session on every request that touches it (permanent sessions, SESSION_REFRESH_EACH_REQUEST) → stop touching session in before_request and set SESSION_REFRESH_EACH_REQUEST = False',
  django:
    'Django stores a session when something writes to it (or on every request with SESSION_SAVE_EVERY_REQUEST = True) → set SESSION_SAVE_EVERY_REQUEST = False and stop writing to request.session for anonymous users',
  php: 'PHP writes a session for every request that calls session_start(), even an empty one → call session_start() only when a session is needed (or with read_and_close) and enable session.lazy_write',
  laravel:
    "Laravel's StartSession middleware creates a session (with _token) for every request of the web group → serve stateless and preflight routes from the api group",
  rack: 'Rails creates a session whenever something writes to it, e.g. the CSRF token of every rendered form → skip the session on API and health routes (request.session_options[:skip] = true)',
  'spring-session':
    'Spring Security creates sessions for anonymous requests (saved requests, CSRF tokens, SessionCreationPolicy.IF_REQUIRED) → use SessionCreationPolicy.STATELESS for API chains and disable the request cache there',
  sessctl:
    'sessctl middleware never stores an empty session: these keys were written by something else under its prefix',
  generic:
    'a custom session layer stores a session for requests that never come back (CORS preflights, bots, health checks) → create the session only when something is stored in it, and answer OPTIONS before the session layer',
  unknown: 'find the code that writes these keys: nothing reads them back',
} satisfies Record<FrameworkId, string>;

/**
 * A plain-language verdict for one prefix, worst problem first. It says "healthy" only where
 * orphans could have been seen: where they cannot be counted it says why and what would tell.
 * `storeUrl` (redacted) fills in the probe command it suggests.
 */
export function verdict(p: PrefixReport, context: { storeUrl?: string } = {}): string {
  if (!p.sessions) return 'no sessions recognised under this prefix';
  const orph = p.orphans.count;
  const share = orph / p.sessions;
  const noTtl = p.classes['no-ttl']?.count ?? 0;
  const stale = p.classes.stale?.count ?? 0;
  const parts: string[] = [];
  if (share >= 0.1) {
    const what =
      p.classes.empty?.count && p.classes['never-read']?.count
        ? 'empty or never read'
        : p.classes.empty?.count
          ? 'empty'
          : 'never read';
    parts.push(`${fmtShare(orph, p.sessions)} of sessions are ${what}: ${ORPHAN_FIX[p.framework]}`);
  } else if (orph) parts.push(`${fmtShare(orph, p.sessions)} of sessions are orphans: a small share, worth a look`);
  if (noTtl)
    parts.push(
      `${fmtShare(noTtl, p.sessions)} never expire → give the store a TTL (e.g. connect-redis ttl, cookie.maxAge, SESSION_COOKIE_AGE) so they cannot pile up forever`,
    );
  if (stale)
    parts.push(
      `${fmtShare(stale, p.sessions)} idle longer than the stale threshold → the TTL${p.initialTtlS ? ` (${fmtSeconds(p.initialTtlS)})` : ''} outlives how sessions are really used; lower it`,
    );
  if (p.classes.undecodable?.count)
    parts.push(
      `${fmtShare(p.classes.undecodable.count, p.sessions)} could not be decoded (see the evidence in --format ndjson)`,
    );
  if (p.orphanEvidence === 'unprovable') parts.push(cannotTell(p, context.storeUrl));
  if (p.layout?.source === 'detected') {
    parts.push(
      `recognised as a custom session layer by its keys and payloads alone (${p.layout.confidence} confidence), so clean never deletes from it: name it with --layout '${p.layout.templates[0]}' or --match '${p.prefix}*' to clean it`,
    );
  }
  if (parts.length) return parts.join('; ');
  // Never-read or empty keys under --min-age are neither orphans nor proof of health.
  if (p.young)
    return `too young to judge (${fmtInt(p.young)} session${p.young === 1 ? '' : 's'} under --min-age are never-read or empty; rerun when they are older, or lower --min-age)`;
  return 'healthy: no orphaned, never-expiring or stale sessions';
}

/** What cannot be told about a prefix whose orphans cannot be counted, why, and what would tell. */
function cannotTell(p: PrefixReport, storeUrl = '<store-url>'): string {
  const signal = (id: PrefixReport['signals'][number]['signal']) => p.signals.find((s) => s.signal === id);
  const payload = signal('payload');
  const what =
    payload && !payload.holds
      ? `orphans cannot be told: ${payload.why}`
      : `${fmtShare(p.classes.anonymous?.count ?? 0, p.sessions)} hold anonymous data (not empty, no user identity) and whether they are orphans cannot be told: ${signal('never-read')?.why ?? 'never-read is not provable here'}`;
  // Idle longer than half the TTL: not used in the second half of its life. Without a TTL, a day.
  const stale = fmtSeconds(p.initialTtlS ? Math.max(1, p.initialTtlS / 2) : 86_400);
  return `${what} → to tell, run sessctl probe <app-url> --store ${storeUrl} (it shows which requests create sessions, preflights included), or count the long-idle ones with --stale (e.g. --stale ${stale})`;
}
