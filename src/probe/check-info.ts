import type { Severity } from '../severity.js';
import type { CheckId } from './types.js';

export interface CheckInfo {
  title: string;
  /** Default severity; a finding may raise or lower it (e.g. CORS with or without credentials). */
  severity: Severity;
  group: 'session' | 'cookie' | 'cors';
  description: string;
  help: string;
}

/**
 * Words about each check, kept apart from detection (like attw's problems.ts) so renderers, SARIF
 * rules and docs share one source. Sources per row: research/probe-and-ci.md §8.1.
 */
export const checkInfo = {
  'SESS-PREFLIGHT-MINT': {
    group: 'session',
    severity: 'medium',
    title: 'CORS preflight mints a session',
    description:
      'An OPTIONS preflight (no cookies, as browsers send it) created a session: the browser discards the Set-Cookie, the store keeps the key.',
    help: 'Answer preflights before the session middleware runs (mount CORS first) or create sessions lazily (saveUninitialized: false).',
  },
  'SESS-PREFLIGHT-STATUS': {
    group: 'session',
    severity: 'medium',
    title: 'CORS preflight fails',
    description:
      'The preflight did not get an ok (2xx) status or does not allow the token header, so the real cross-origin request will fail in browsers.',
    help: 'Let OPTIONS through without authentication and list the token header in Access-Control-Allow-Headers.',
  },
  'SESS-ANON-MINT': {
    group: 'session',
    severity: 'info',
    title: 'Anonymous request mints a session',
    description:
      'A request without credentials received a session: every bot, health check and first visit stores one.',
    help: 'Create the session only when a value is stored in it.',
  },
  'SESS-COOKIE-PERSIST': {
    group: 'session',
    severity: 'medium',
    title: 'Cookie session does not persist',
    description: 'Sending the session cookie back did not return to the same session.',
    help: 'Check cookie path/domain, signing secret and the store connection.',
  },
  'SESS-HEADER-PERSIST': {
    group: 'session',
    severity: 'medium',
    title: 'Header-token session does not persist',
    description: 'Sending the token in the token header did not return to the same session.',
    help: 'Read the session id from the token header when no cookie is sent.',
  },
  'SESS-BODY-PERSIST': {
    group: 'session',
    severity: 'medium',
    title: 'JSON-body token session does not persist',
    description: 'Sending the token in the JSON body field did not return to the same session.',
    help: 'Read the session id from the JSON body field when no cookie or header token is sent.',
  },
  'SESS-PRECEDENCE': {
    group: 'session',
    severity: 'info',
    title: 'Cookie wins over header token',
    description:
      'With a cookie session and a different header token in one request, the cookie decides: ambient cookies still authenticate header-token API calls.',
    help: 'Document the rule; require CSRF protection on cookie-authenticated endpoints.',
  },
  'SESS-API-NO-COOKIE': {
    group: 'session',
    severity: 'low',
    title: 'Token clients receive a session cookie',
    description:
      'A request identified by a token also got a Set-Cookie: API clients accumulate cookie sessions they never send back.',
    help: 'Do not set the session cookie on requests identified by a token.',
  },
  'SESS-TTL': {
    group: 'session',
    severity: 'medium',
    title: 'Session outlives its TTL',
    description: 'The session still answered after waiting the expected time to live.',
    help: 'Set the store TTL (and cookie Max-Age) to the intended lifetime.',
  },
  'SESS-FIXATION': {
    group: 'session',
    severity: 'high',
    title: 'Server adopts an attacker-chosen session id',
    description:
      'A session id the server never issued was accepted and bound to state instead of being replaced by a fresh one, or (with --login) the id sent with the login request was still the session after it (session fixation).',
    help: 'Reject unknown ids (PHP: session.use_strict_mode=1) and regenerate the id on login.',
  },
  'SESS-LOGOUT': {
    group: 'session',
    severity: 'high',
    title: 'Logout does not invalidate the session',
    description: 'After logout the old session id still worked.',
    help: 'Destroy the server-side session on logout.',
  },
  'SESS-ID-IN-URL': {
    group: 'session',
    severity: 'medium',
    title: 'Session id in a URL',
    description: 'The session id appeared in a Location header or a link: it leaks through logs and Referer.',
    help: 'Keep session ids in cookies or headers only.',
  },
  'SESS-ENTROPY': {
    group: 'session',
    severity: 'high',
    title: 'Weak session id',
    description: 'Session ids are short, repeat, or have too few bits for their length and alphabet.',
    help: 'Use at least 128 bits from a CSPRNG.',
  },
  'COOKIE-SECURE': {
    group: 'cookie',
    severity: 'high',
    title: 'Session cookie without Secure',
    description: 'The session cookie can travel over plain HTTP.',
    help: 'Set Secure on the session cookie.',
  },
  'COOKIE-HTTPONLY': {
    group: 'cookie',
    severity: 'medium',
    title: 'Session cookie without HttpOnly',
    description: 'Scripts can read the session cookie (XSS steals the session).',
    help: 'Set HttpOnly on the session cookie.',
  },
  'COOKIE-SAMESITE-MISSING': {
    group: 'cookie',
    severity: 'low',
    title: 'Cookie without SameSite',
    description: 'The cookie has no SameSite attribute; browsers differ in the default.',
    help: 'Set SameSite=Lax (or Strict).',
  },
  'COOKIE-SAMESITE-INVALID': {
    group: 'cookie',
    severity: 'medium',
    title: 'Cookie with an invalid SameSite value',
    description: 'SameSite is empty or not Strict, Lax or None; browsers treat it as unset.',
    help: 'Use SameSite=Lax, Strict or None.',
  },
  'COOKIE-SAMESITE-NONE-INSECURE': {
    group: 'cookie',
    severity: 'high',
    title: 'SameSite=None without Secure',
    description: 'Browsers drop a SameSite=None cookie that is not Secure (RFC 6265bis storage step 19).',
    help: 'Add Secure, or use SameSite=Lax.',
  },
  'COOKIE-PREFIX-INVALID': {
    group: 'cookie',
    severity: 'high',
    title: 'Cookie prefix requirements unmet',
    description:
      'A __Secure- or __Host- cookie breaks its prefix rules (Secure; for __Host-: no Domain, Path=/); browsers drop it.',
    help: 'Fix the attributes or the name.',
  },
  'COOKIE-DOMAIN-LOOSE': {
    group: 'cookie',
    severity: 'low',
    title: 'Cookie scoped to a parent domain',
    description: 'The Domain attribute sends the cookie to every subdomain.',
    help: 'Omit Domain (host-only cookie) or use the __Host- prefix.',
  },
  'COOKIE-LIFETIME': {
    group: 'cookie',
    severity: 'low',
    title: 'Cookie lifetime too long or inconsistent',
    description: 'Max-Age/Expires exceeds the session TTL or 400 days, or Max-Age and Expires disagree.',
    help: 'Match the cookie lifetime to the session TTL.',
  },
  'COOKIE-CACHEABLE': {
    group: 'cookie',
    severity: 'low',
    title: 'Set-Cookie on a cacheable response',
    description: 'A shared cache could store the response and hand its session cookie to other users.',
    help: 'Send Cache-Control: no-store (or private) with Set-Cookie.',
  },
  'CORS-REFLECT-ANY': {
    group: 'cors',
    severity: 'critical',
    title: 'Any origin is trusted',
    description:
      'An arbitrary Origin is echoed in Access-Control-Allow-Origin; with credentials any site reads authenticated responses.',
    help: 'Allow a fixed list of origins.',
  },
  'CORS-NULL': {
    group: 'cors',
    severity: 'high',
    title: 'Origin null is trusted',
    description: 'Sandboxed iframes and data: URLs send Origin: null and are trusted.',
    help: 'Never allow the null origin.',
  },
  'CORS-PREFIX': {
    group: 'cors',
    severity: 'high',
    title: 'Origin prefix match',
    description: 'An origin that only starts with the target host (host.attacker.example) is trusted.',
    help: 'Compare origins exactly, not by prefix.',
  },
  'CORS-SUFFIX': {
    group: 'cors',
    severity: 'high',
    title: 'Origin suffix match',
    description: 'An origin that only ends with the target host (attackerhost) is trusted.',
    help: 'Compare origins exactly; anchor and escape regular expressions.',
  },
  'CORS-SUBDOMAIN-ANY': {
    group: 'cors',
    severity: 'low',
    title: 'Any subdomain is trusted',
    description: 'Every subdomain of the target is trusted; one vulnerable subdomain reads authenticated responses.',
    help: 'List the subdomains that need access.',
  },
  'CORS-HTTP-ORIGIN': {
    group: 'cors',
    severity: 'medium',
    title: 'Plain-HTTP origin trusted by an https site',
    description: 'A network attacker controlling http:// pages can read authenticated responses.',
    help: 'Trust https origins only.',
  },
  'CORS-WILDCARD-CREDS': {
    group: 'cors',
    severity: 'low',
    title: 'Access-Control-Allow-Origin * with credentials',
    description: 'Browsers refuse credentialed responses with ACAO *: the configuration is broken.',
    help: 'Echo a checked origin instead of *, or drop credentials.',
  },
  'CORS-VARY': {
    group: 'cors',
    severity: 'low',
    title: 'Origin-dependent ACAO without Vary: Origin',
    description: "Caches may serve one origin's CORS answer to another.",
    help: 'Add Vary: Origin when ACAO depends on the request Origin.',
  },
} as const satisfies Record<CheckId, CheckInfo>;
