import type { DecodedValue } from '../formats/types.js';
import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord } from './classify-record.js';

/**
 * Spring Session Data Redis: a hash `spring:session:sessions:<uuid>` with `creationTime`,
 * `lastAccessedTime` (ms), `maxInactiveInterval` (s) and one `sessionAttr:<name>` field per
 * attribute, values JDK-serialized (RedisSessionMapper, JdkSerializationRedisSerializer).
 * Metadata: the three fields, and Spring Security's plumbing attributes (saved request, CSRF token,
 * last authentication exception). Identity: `sessionAttr:SPRING_SECURITY_CONTEXT` and the principal
 * name index attribute, plus the generic rule on attribute names.
 * `creationTime` is the exact creation time. Every request writes `lastAccessedTime`, so idle time
 * never proves never-read (`lastAccessedTime == creationTime` does).
 */
const ATTR = 'sessionAttr:';
export const SPRING_METADATA = new Set([
  'creationTime',
  'lastAccessedTime',
  'maxInactiveInterval',
  `${ATTR}SPRING_SECURITY_SAVED_REQUEST`,
  `${ATTR}SPRING_SECURITY_LAST_EXCEPTION`,
  `${ATTR}org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository.CSRF_TOKEN`,
]);
const IDENTITY = [
  /^sessionAttr:SPRING_SECURITY_CONTEXT$/,
  /^sessionAttr:org\.springframework\.session\.FindByIndexNameSessionRepository\.PRINCIPAL_NAME_INDEX_NAME$/,
];

/** A java.lang.Long as the spring-hash decoder may give it: a number, a bigint, or an opaque Long with its `value`. */
export function javaLong(v: DecodedValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^\d{1,16}$/.test(v)) return Number(v);
  if (typeof v === 'object' && v !== null && '$opaque' in v && typeof v.$opaque === 'string') {
    const state = v.state;
    return isRecord(state) ? javaLong(state.value) : undefined;
  }
  return undefined;
}

/** The generic identity rule applies to the attribute name, not to `sessionAttr:<name>`. */
function attributeView(v: Record<string, DecodedValue>): Record<string, DecodedValue> {
  const out: Record<string, DecodedValue> = {};
  for (const k in v) {
    const value = v[k];
    if (value === undefined) continue;
    out[SPRING_METADATA.has(k) || IDENTITY.some((re) => re.test(k)) || !k.startsWith(ATTR) ? k : k.slice(ATTR.length)] =
      value;
  }
  return out;
}

export default defineFramework({
  id: 'spring-session',
  prefixes: ['spring:session:sessions:'],
  // the namespace (`spring.session.redis.namespace`) replaces `spring:session`; the layout after it stays
  keyPatterns: [/^.*:sessions:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/],
  formats: ['spring-hash'],
  match(v) {
    if (!isRecord(v)) return 0;
    if ('creationTime' in v && 'maxInactiveInterval' in v) return 0.95;
    // Any Redis hash decodes as spring-hash: without one of Spring's fields it is an app's own
    // record (user:1, cart:42), which only Spring's key layout may claim.
    for (const k in v)
      if (k === 'creationTime' || k === 'lastAccessedTime' || k === 'maxInactiveInterval' || k.startsWith(ATTR))
        return 0.5;
    return 0.1;
  },
  meaning(v) {
    if (!isRecord(v)) return { empty: false, anonymous: true, userKeys: [], rewritesOnRequest: true };
    const m = classifyRecord(attributeView(v), { metadata: SPRING_METADATA, identity: IDENTITY });
    const userKeys = m.userKeys.map((k) => (k in v ? k : ATTR + k));
    const created = javaLong(v.creationTime);
    const accessed = javaLong(v.lastAccessedTime);
    return {
      ...m,
      userKeys,
      rewritesOnRequest: true,
      ...(created !== undefined && created > 0 ? { createdAt: created, createdAtKind: 'exact' as const } : {}),
      ...(accessed !== undefined && accessed > 0 ? { lastAccessedAt: accessed } : {}),
    };
  },
});
