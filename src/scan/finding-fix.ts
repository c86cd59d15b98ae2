import { docsUrl } from '../docs-url.js';
import type { FrameworkId } from '../frameworks/types.js';
import type { ScanFinding } from './types.js';

type ScanFindingId = ScanFinding['id'];

const SOURCE: Partial<Record<FrameworkId, string>> = {
  'express-session': 'set saveUninitialized: false and mount cors() before session()',
  'fastify-session': 'set saveUninitialized: false and register @fastify/cors before @fastify/session',
  'flask-session': 'do not set session.permanent or any value for anonymous requests or preflights',
  django: 'write to request.session only after a login or a real change',
  php: 'call session_start() only where a value is stored, after answering OPTIONS',
  'spring-session': 'use request.getSession(false) where a session is only read',
  rack: 'insert Rack::Cors first and store nothing for anonymous requests',
  laravel: 'keep StartSession out of the global middleware (api routes need no session)',
};

/** What to do about each scan finding; the generic words, and the prefix's framework where it changes them. */
const FIX = {
  'SCAN-ORPHANS': (fw) =>
    `Remove them with \`sessctl clean <store-url>\` (dry run first, a backup restores them), then stop their source: ${(fw && SOURCE[fw]) ?? 'create sessions only when a value is stored'} (\`sessctl probe\` the app to find which requests make them).`,
  'SCAN-NO-TTL': (fw) =>
    `Give them an expiry with \`sessctl clean <store-url> --class no-ttl --fix-ttl 1d --apply\`, and set the store TTL in the app${fw === 'express-session' ? ' (connect-redis ttl, cookie.maxAge)' : fw === 'php' ? ' (session.gc_maxlifetime)' : ''}.`,
  'SCAN-STALE': () =>
    'Lower the session TTL to the longest idle time a user should keep a session; clean these with `--class stale`.',
  'SCAN-UNDECODABLE': () =>
    'Check the framework and format with `sessctl inspect <store-url> <key>`; name a custom layout with --layout.',
  'SCAN-IDLE-UNTRUSTED': () =>
    'Scan on Redis/Valkey 7.2+ (CLIENT NO-TOUCH) or from an RDB dump, or with --no-values, so reading payloads does not reset idle times.',
  'SCAN-INCOMPLETE': () => 'Rerun when every node is reachable; a partial scan proves nothing about the rest.',
} satisfies Record<ScanFindingId, (framework: FrameworkId | undefined) => string>;

export function scanFix(id: ScanFindingId, framework?: FrameworkId): { fix: string; docs: string } {
  return { fix: FIX[id](framework), docs: docsUrl(id) };
}
