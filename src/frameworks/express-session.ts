import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord } from './classify-record.js';
import { isFastifyCookie, lastWrittenAt, sessionCookie } from './node-cookie.js';

/**
 * express-session (any express-session store; connect-redis writes `sess:<sid>` as JSON).
 * Metadata: `cookie`; `passport` only while it is `{}` (Passport < 0.3 and passport.logout leave it).
 * Identity: `passport.user`, plus the generic rule of classify-record.ts.
 */
export const EXPRESS_METADATA = new Set(['cookie', 'passport']);
export const EXPRESS_RULES = { metadata: EXPRESS_METADATA, dataWhenPresent: new Set(['passport']), identity: ['passport.user'] };

export default defineFramework({
  id: 'express-session',
  prefixes: ['sess:'],
  formats: ['json'],
  match(v, ctx) {
    const c = sessionCookie(v);
    if (!c) return 0;
    if (isFastifyCookie(c)) return 0.4;
    return ctx.store === 'memcached' || ctx.flags === 2 ? 0.6 : 0.8;
  },
  meaning(v) {
    if (!isRecord(v)) return { empty: false, anonymous: true, userKeys: [] };
    const m = classifyRecord(v, EXPRESS_RULES);
    const c = sessionCookie(v);
    const at = c && lastWrittenAt(c);
    if (at !== undefined) {
      m.createdAt = at;
      m.createdAtKind = 'last-write';
    }
    return m;
  },
});
