import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord } from './classify-record.js';
import { EXPRESS_RULES } from './express-session.js';
import { isFastifyCookie, lastWrittenAt, sessionCookie } from './node-cookie.js';

/**
 * @fastify/session (express-compatible stores, so `sess:<sid>` with connect-redis). Same metadata
 * and identity as express-session; its cookie JSON keeps null members, which tells the two apart.
 * `rolling: true` is the default and re-saves the whole session on every request with a cookie
 * (`index.js` shouldSaveSession), so idle time never proves never-read here. `originalExpires` is
 * present only in a session that was loaded and saved again (lib/cookie.js copies the old expires).
 */
export default defineFramework({
  id: 'fastify-session',
  prefixes: ['sess:'],
  formats: ['json'],
  match(v) {
    const c = sessionCookie(v);
    return c && isFastifyCookie(c) ? 0.9 : c ? 0.3 : 0;
  },
  meaning(v) {
    if (!isRecord(v)) return { empty: false, anonymous: true, userKeys: [] };
    const m = classifyRecord(v, EXPRESS_RULES);
    const c = sessionCookie(v);
    const at = c && lastWrittenAt(c);
    m.rewritesOnRequest = true;
    if (at !== undefined) {
      m.createdAt = at;
      m.createdAtKind = 'last-write';
    }
    return m;
  },
});
