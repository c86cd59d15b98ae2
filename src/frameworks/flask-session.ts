import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord } from './classify-record.js';

/**
 * Flask-Session (`session:<id>`): 0.3–0.6 pickle the session dict (protocol 4 on Redis, 0 on
 * memcached), 0.7+ msgspec msgpack (default) or JSON of the same dict.
 * Metadata: Flask's `_permanent` (0.3–0.5 add it to every session, so every cookieless request is
 * stored as `{'_permanent': True}`) and `_flashes`; Flask-Login's session keys (`config.py`
 * SESSION_KEYS: `_fresh`, `_id`, `_remember`, `_remember_seconds`, `next`); Flask-WTF's `csrf_token`.
 * Identity: Flask-Login `_user_id`, plus the generic rule of classify-record.ts.
 * Rewrites: 0.3–0.5 save on every request; 0.7+ save on every request while
 * SESSION_REFRESH_EACH_REQUEST is true (Flask's default), so idle time never proves never-read.
 */
export const FLASK_METADATA = new Set([
  '_permanent',
  '_flashes',
  '_fresh',
  '_id',
  '_remember',
  '_remember_seconds',
  'next',
  'csrf_token',
]);
const FLASK_RULES = { metadata: FLASK_METADATA, identity: ['_user_id'] };
/** `session:` after an app namespace, with 0.3–0.5's uuid4 or 0.6+'s token_urlsafe(32) id. */
const FLASK_KEY =
  /^.*:session:(?:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[A-Za-z0-9_-]{43})$/;

export default defineFramework({
  id: 'flask-session',
  prefixes: ['session:'],
  keyPatterns: [FLASK_KEY],
  formats: ['pickle', 'msgpack', 'json'],
  match(v, ctx) {
    if (!isRecord(v) || 'cookie' in v) return 0;
    if (typeof v._permanent === 'boolean') return 0.9;
    if ('_user_id' in v || '_fresh' in v || '_flashes' in v) return 0.8;
    // a bare pickled or msgpack dict under session: is Flask-Session with SESSION_PERMANENT=False
    return ctx.prefix !== undefined && ctx.format !== 'json' ? 0.5 : 0.1;
  },
  meaning(v) {
    if (!isRecord(v)) return { empty: false, anonymous: true, userKeys: [], rewritesOnRequest: true };
    return { ...classifyRecord(v, FLASK_RULES), rewritesOnRequest: true };
  },
});
