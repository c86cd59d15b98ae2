import type { Check } from '../define-check.js';
import { CHECK_IDS, type CheckId } from '../types.js';
import cookieCacheable from './cookie-cacheable.js';
import cookieDomainLoose from './cookie-domain-loose.js';
import cookieHttponly from './cookie-httponly.js';
import cookieLifetime from './cookie-lifetime.js';
import cookiePrefixInvalid from './cookie-prefix-invalid.js';
import cookieSamesiteInvalid from './cookie-samesite-invalid.js';
import cookieSamesiteMissing from './cookie-samesite-missing.js';
import cookieSamesiteNoneInsecure from './cookie-samesite-none-insecure.js';
import cookieSecure from './cookie-secure.js';
import corsHttpOrigin from './cors-http-origin.js';
import corsNull from './cors-null.js';
import corsPrefix from './cors-prefix.js';
import corsReflectAny from './cors-reflect-any.js';
import corsSubdomainAny from './cors-subdomain-any.js';
import corsSuffix from './cors-suffix.js';
import corsVary from './cors-vary.js';
import corsWildcardCreds from './cors-wildcard-creds.js';
import sessAnonMint from './sess-anon-mint.js';
import sessApiNoCookie from './sess-api-no-cookie.js';
import sessBodyPersist from './sess-body-persist.js';
import sessCookiePersist from './sess-cookie-persist.js';
import sessEntropy from './sess-entropy.js';
import sessFixation from './sess-fixation.js';
import sessHeaderPersist from './sess-header-persist.js';
import sessIdInUrl from './sess-id-in-url.js';
import sessLogout from './sess-logout.js';
import sessPrecedence from './sess-precedence.js';
import sessPreflightMint from './sess-preflight-mint.js';
import sessPreflightStatus from './sess-preflight-status.js';
import sessTtl from './sess-ttl.js';

/** Every check by id; the compiler refuses a CheckId without a check. */
export const checksById = {
  'SESS-PREFLIGHT-MINT': sessPreflightMint,
  'SESS-PREFLIGHT-STATUS': sessPreflightStatus,
  'SESS-ANON-MINT': sessAnonMint,
  'SESS-COOKIE-PERSIST': sessCookiePersist,
  'SESS-HEADER-PERSIST': sessHeaderPersist,
  'SESS-BODY-PERSIST': sessBodyPersist,
  'SESS-PRECEDENCE': sessPrecedence,
  'SESS-API-NO-COOKIE': sessApiNoCookie,
  'SESS-TTL': sessTtl,
  'SESS-FIXATION': sessFixation,
  'SESS-LOGOUT': sessLogout,
  'SESS-ID-IN-URL': sessIdInUrl,
  'SESS-ENTROPY': sessEntropy,
  'COOKIE-SECURE': cookieSecure,
  'COOKIE-HTTPONLY': cookieHttponly,
  'COOKIE-SAMESITE-MISSING': cookieSamesiteMissing,
  'COOKIE-SAMESITE-INVALID': cookieSamesiteInvalid,
  'COOKIE-SAMESITE-NONE-INSECURE': cookieSamesiteNoneInsecure,
  'COOKIE-PREFIX-INVALID': cookiePrefixInvalid,
  'COOKIE-DOMAIN-LOOSE': cookieDomainLoose,
  'COOKIE-LIFETIME': cookieLifetime,
  'COOKIE-CACHEABLE': cookieCacheable,
  'CORS-REFLECT-ANY': corsReflectAny,
  'CORS-NULL': corsNull,
  'CORS-PREFIX': corsPrefix,
  'CORS-SUFFIX': corsSuffix,
  'CORS-SUBDOMAIN-ANY': corsSubdomainAny,
  'CORS-HTTP-ORIGIN': corsHttpOrigin,
  'CORS-WILDCARD-CREDS': corsWildcardCreds,
  'CORS-VARY': corsVary,
} satisfies Record<CheckId, Check>;

/**
 * Run order, which differs from report order: active checks first, then the passive ones that read
 * every exchange recorded so far, and the TTL wait last so nothing runs while it sleeps.
 */
export const passive: CheckId[] = [
  'CORS-WILDCARD-CREDS',
  'CORS-VARY',
  'COOKIE-SECURE',
  'COOKIE-HTTPONLY',
  'COOKIE-SAMESITE-MISSING',
  'COOKIE-SAMESITE-INVALID',
  'COOKIE-SAMESITE-NONE-INSECURE',
  'COOKIE-PREFIX-INVALID',
  'COOKIE-DOMAIN-LOOSE',
  'COOKIE-LIFETIME',
  'COOKIE-CACHEABLE',
  'SESS-ID-IN-URL',
  'SESS-ENTROPY',
];
const last: CheckId[] = ['SESS-TTL'];

export const runOrder: CheckId[] = [
  ...CHECK_IDS.filter((id) => !passive.includes(id) && !last.includes(id)),
  ...passive,
  ...last,
];
