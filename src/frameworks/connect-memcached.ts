import { defineFramework } from './define-framework.js';
import { isFastifyCookie, sessionCookie } from './node-cookie.js';
import { nodeSessionMeaning } from './node-meaning.js';

/**
 * connect-memcached: express-session's payload in memcached, under the bare sid by default
 * (prefix `''`). node-memcached stores objects as JSON with flags 2 (FLAG_JSON); 1.x wrote
 * JSON.stringify output with flags 0. Its `touch()` is a full set, so every request that reaches
 * the store with a cookie rewrites the value (rewritesOnRequest).
 */
export default defineFramework({
  id: 'connect-memcached',
  prefixes: [''],
  formats: ['json'],
  match(v, ctx) {
    const c = sessionCookie(v);
    if (!c || isFastifyCookie(c)) return 0;
    return ctx.store === 'memcached' || ctx.flags === 2 ? 0.9 : 0.2;
  },
  meaning(v) {
    const m = nodeSessionMeaning(v);
    m.rewritesOnRequest = true;
    return m;
  },
});
