import { defineFramework } from './define-framework.js';
import { isFastifyCookie, sessionCookie } from './node-cookie.js';
import { nodeSessionMeaning } from './node-meaning.js';

/**
 * @fastify/session (express-compatible stores, so `sess:<sid>` with connect-redis). Same metadata
 * and identity as express-session (node-meaning.ts, including @fastify/passport's `passport: <user>`);
 * its cookie JSON keeps null members, which tells the two apart.
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
    const m = nodeSessionMeaning(v);
    m.rewritesOnRequest = true;
    return m;
  },
});
