import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord } from './classify-record.js';

/**
 * koa-session with an external store. The store gets `genid()` verbatim: a bare randomUUID, or
 * `prefix + randomUUID()` with the `prefix` option (`koa:sess:` is the common choice). It saves
 * `session.toJSON()` (no `_`-prefixed keys) plus `_expire` and `_maxAge`, or `_session: true` for
 * browser-session cookies (`context.js` save). It never saves a new session that is still empty.
 */
const KOA_METADATA = new Set(['_expire', '_maxAge', '_session']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export default defineFramework({
  id: 'koa-session',
  prefixes: ['koa:sess:'],
  keyPatterns: [UUID],
  formats: ['json'],
  match(v) {
    if (!isRecord(v)) return 0;
    if (typeof v._expire === 'number' && typeof v._maxAge === 'number') return 0.95;
    return v._session === true ? 0.8 : 0;
  },
  meaning(v) {
    if (!isRecord(v)) return { empty: false, anonymous: true, userKeys: [] };
    const m = classifyRecord(v, { metadata: KOA_METADATA, identity: ['passport.user'] });
    const exp = v._expire;
    const max = v._maxAge;
    // _expire = Date.now() + maxAge at every save; creation only if never re-saved
    if (typeof exp === 'number' && typeof max === 'number') {
      m.createdAt = exp - max;
      m.createdAtKind = 'last-write';
    }
    return m;
  },
});
