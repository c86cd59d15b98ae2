import type { DecodedValue } from '../formats/types.js';
import { classifyRecord, isPresent, isRecord } from './classify-record.js';
import type { FrameworkMeaning } from './define-framework.js';
import { lastWrittenAt, sessionCookie } from './node-cookie.js';

/**
 * What an express-session-shaped payload means (express-session, @fastify/session,
 * connect-memcached). Metadata: `cookie`, and `passport` while it is `{}` (Passport < 0.3 and
 * passport ≥ 0.6 logout leave it). Identity: `passport.user` (passport's SessionManager), or
 * `passport` itself when it holds the user directly (@fastify/passport's `session.set('passport', user)`),
 * plus the generic rule of classify-record.ts. Created-at: the cookie's last full write.
 */
const RULES = {
  metadata: new Set(['cookie', 'passport']),
  dataWhenPresent: new Set(['passport']),
  identity: ['passport.user'],
};

export function nodeSessionMeaning(v: DecodedValue): FrameworkMeaning {
  if (!isRecord(v)) return { empty: false, anonymous: true, userKeys: [] };
  const m = classifyRecord(v, RULES);
  const passport = v.passport;
  if (m.userKeys.length === 0 && isPresent(passport) && !(isRecord(passport) && 'user' in passport)) {
    m.userKeys.push('passport');
    m.anonymous = false;
  }
  const c = sessionCookie(v);
  const at = c && lastWrittenAt(c);
  if (at !== undefined) {
    m.createdAt = at;
    m.createdAtKind = 'last-write';
  }
  return m;
}
