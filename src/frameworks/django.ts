import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord } from './classify-record.js';

/**
 * Django `cache` and `cached_db` session engines on any cache backend: the cache key is
 * `<KEY_PREFIX>:<VERSION>:django.contrib.sessions.cache<32 [a-z0-9]>` (`cached_db` for that engine;
 * `default_key_func`), the value the pickled session dict (PyMemcacheCache, RedisCache ≥ 4.0 and
 * django-redis all pickle at the highest protocol; django-redis can be set to JSON).
 * Metadata: auth's `_auth_user_backend` / `_auth_user_hash`, `set_expiry`'s `_session_expiry`,
 * CSRF_USE_SESSIONS's `_csrftoken`, the session message storage's `_messages`.
 * Identity: `_auth_user_id` (`django.contrib.auth.login`), plus the generic rule.
 * Django saves only modified sessions (SESSION_SAVE_EVERY_REQUEST is off by default) and never a
 * session with no keys, so what looks empty here holds only the metadata above.
 */
export const DJANGO_METADATA = new Set([
  '_auth_user_backend',
  '_auth_user_hash',
  '_session_expiry',
  '_csrftoken',
  '_messages',
]);
const DJANGO_RULES = { metadata: DJANGO_METADATA, identity: ['_auth_user_id'] };
const DJANGO_KEY = /^.*:\d+:django\.contrib\.sessions\.(?:cache|cached_db)[a-z0-9]{32}$/;

export default defineFramework({
  id: 'django',
  prefixes: [],
  keyPatterns: [DJANGO_KEY],
  formats: ['pickle', 'json'],
  match(v, ctx) {
    if (!isRecord(v)) return 0;
    if ('_auth_user_id' in v || '_auth_user_hash' in v) return 0.95;
    if ('_session_expiry' in v || '_csrftoken' in v || '_messages' in v) return 0.8;
    // includes() first: the regex backtracks over every ':' of every other framework's key.
    return ctx.key !== undefined && ctx.key.includes('django') && DJANGO_KEY.test(ctx.key) ? 0.6 : 0.05;
  },
  meaning(v) {
    return isRecord(v) ? classifyRecord(v, DJANGO_RULES) : { empty: false, anonymous: true, userKeys: [] };
  },
});
