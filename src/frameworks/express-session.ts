import { defineFramework } from './define-framework.js';
import { isFastifyCookie, sessionCookie } from './node-cookie.js';
import { nodeSessionMeaning } from './node-meaning.js';

/**
 * express-session (any express-session store; connect-redis writes `sess:<sid>` as JSON). The shape:
 * a `cookie` object without the null members @fastify/session writes. Semantics: node-meaning.ts.
 */
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
  meaning: (v) => nodeSessionMeaning(v),
});
