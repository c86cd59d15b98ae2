import type { DecodedValue } from '../formats/types.js';
import { isRecord, type DecodedRecord } from './classify-record.js';
import { parseIsoTime } from './iso-time.js';

/**
 * The `cookie` object express-session and @fastify/session store beside the session data
 * (express `session/cookie.js` toJSON, fastify `lib/cookie.js` toJSON). Returns it when the value
 * has one with the members both always write, else undefined.
 */
export function sessionCookie(v: DecodedValue): DecodedRecord | undefined {
  if (!isRecord(v)) return undefined;
  const c = v.cookie;
  return isRecord(c) && 'originalMaxAge' in c && 'path' in c ? c : undefined;
}

/** @fastify/session writes `sameSite`, `domain` and `secure` even when null; express-session drops undefined members. */
export function isFastifyCookie(c: DecodedRecord): boolean {
  return (
    'originalExpires' in c ||
    (c.sameSite === null && c.domain === null) ||
    (c.domain === null && 'secure' in c && c.secure === null)
  );
}

/**
 * When the payload was last fully written: both frameworks set `expires = now + originalMaxAge`
 * on the request that saves (express `Session#touch`, fastify `Cookie#maxAge`). It is the creation
 * time only if the session was never re-saved (no resave, no rolling, never modified), so callers
 * must treat it as a lower bound on age, not as the creation time. Undefined for browser-session
 * cookies (`originalMaxAge: null`), whose payload records no time at all.
 */
export function lastWrittenAt(c: DecodedRecord): number | undefined {
  const max = c.originalMaxAge;
  const exp = c.expires;
  if (typeof max !== 'number' || typeof exp !== 'string') return undefined;
  const t = parseIsoTime(exp);
  return Number.isFinite(t) ? t - max : undefined;
}
