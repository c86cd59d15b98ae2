import type { DecodedValue } from '../formats/types.js';
import { classifyRecord, isIdentityName, isPresent, isRecord } from './classify-record.js';
import type { FrameworkMeaning } from './define-framework.js';
import { lastWrittenAt, sessionCookie } from './node-cookie.js';
import type { NodeJsonFacts } from './node-json-facts.js';

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

/**
 * nodeSessionMeaning of a payload readNodeJson read from its bytes: the same rules (classifyRecord
 * with RULES, then `passport` holding the user itself), on the facts instead of the value. Written
 * into `m`, the caller's meaning, so that a scanned key costs one object.
 */
export function nodeFactsMeaning(f: NodeJsonFacts, m: FrameworkMeaning): void {
  const userKeys = m.userKeys;
  if (f.passportHasUser && f.passportUserPresent) userKeys.push('passport.user');
  const names = f.names;
  const count = names === undefined ? 0 : names.length;
  for (let i = 0; i < count; i++) {
    const k = names![i]!;
    if (f.present![i] && !userKeys.includes(k) && isIdentityName(k)) userKeys.push(k);
  }
  const data = count > 0 || f.passportPresent;
  m.empty = !data && userKeys.length === 0;
  m.anonymous = !m.empty && userKeys.length === 0;
  if (userKeys.length === 0 && f.passportPresent && !f.passportHasUser) {
    userKeys.push('passport');
    m.anonymous = false;
  }
  if (f.lastWrite !== undefined) {
    m.createdAt = f.lastWrite;
    m.createdAtKind = 'last-write';
  }
}
