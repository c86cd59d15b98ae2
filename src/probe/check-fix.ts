import { checkInfo } from './check-info.js';
import type { ProbeFramework } from './framework-hint.js';
import type { CheckId } from './types.js';

type Variants = Partial<Record<ProbeFramework, string>>;

const CORS_FIX: Variants = {
  'express-session':
    "cors({ origin: ['https://app.example.com'], credentials: true }): a list of exact origins, never origin: true or an unanchored RegExp.",
  'fastify-session':
    "@fastify/cors with origin: ['https://app.example.com'] (exact origins), never origin: true or an unanchored RegExp.",
  django:
    'django-cors-headers: list exact origins in CORS_ALLOWED_ORIGINS; no CORS_ALLOW_ALL_ORIGINS, anchor every CORS_ALLOWED_ORIGIN_REGEXES entry (^…$).',
  flask:
    "flask-cors: CORS(app, origins=['https://app.example.com'], supports_credentials=True); never origins='*' or a bare regex with credentials.",
  rack: "Rack::Cors: origins 'https://app.example.com' (exact strings or an anchored /\\Ahttps:\\/\\/app\\.example\\.com\\z/).",
  'spring-session':
    'CorsConfiguration.setAllowedOrigins(List.of("https://app.example.com")); no allowedOriginPatterns("*") with allowCredentials(true).',
  laravel:
    "config/cors.php: 'allowed_origins' => ['https://app.example.com'], no '*' and no unanchored 'allowed_origins_patterns' with 'supports_credentials' => true.",
  php: "Compare $_SERVER['HTTP_ORIGIN'] with a fixed list (in_array($origin, $allowed, true)) before echoing it in Access-Control-Allow-Origin.",
};

/**
 * The fix for each check, per session layer where it differs; the generic fix is the check's help
 * text (check-info.ts). Record<CheckId, …> so a new check id does not build until it is listed here.
 */
export const checkFixVariants = {
  'SESS-PREFLIGHT-MINT': {
    'express-session':
      "Mount cors() before session() (or answer preflights with app.options('*', cors(opts)) first), and set saveUninitialized: false.",
    'fastify-session': 'Register @fastify/cors before @fastify/session and set saveUninitialized: false.',
    'koa-session': 'Mount @koa/cors before koa-session, and store nothing in ctx.session on OPTIONS.',
    php: "Answer OPTIONS before session_start() (if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') { …CORS headers…; exit; }), and start sessions only where a value is stored.",
    django:
      'Put corsheaders.middleware.CorsMiddleware above SessionMiddleware in MIDDLEWARE, and write to request.session only after a login or a real change.',
    flask:
      'Let flask-cors answer OPTIONS, and do not touch session in before_request (setting session.permanent there saves an empty session on every request, preflights included).',
    rack: 'Insert Rack::Cors first (config.middleware.insert_before 0, Rack::Cors) so preflights never reach the session middleware.',
    laravel:
      'Let HandleCors (config/cors.php) answer preflights, and keep StartSession in the web group, not in the global middleware.',
    'java-servlet':
      'Answer OPTIONS in a CORS filter ordered before anything that calls request.getSession(); read sessions with getSession(false).',
    'spring-session':
      'Enable http.cors() so Spring Security answers preflights before the session repository filter creates a session, and use getSession(false) where a session is only read.',
    sessctl: 'sessctl/middleware never stores a session on a preflight: something mounted before it created this one.',
  },
  'SESS-PREFLIGHT-STATUS': {
    'spring-session':
      'Enable http.cors() (Spring Security answers preflights without authentication) and list the token header in allowedHeaders.',
    django:
      'Add the token header to CORS_ALLOW_HEADERS (django-cors-headers) and let OPTIONS through without authentication.',
  },
  'SESS-ANON-MINT': {
    'express-session': 'Set saveUninitialized: false: sessions are then stored only once a value is set.',
    'fastify-session': 'Set saveUninitialized: false.',
    php: 'Call session_start() only on pages that store a value (or read the cookie first and start the session only when one was sent).',
    django: 'Do not write to request.session for anonymous visitors: Django stores only sessions that were modified.',
    flask:
      'Do not set session.permanent or any value for anonymous requests: Flask-Session stores only sessions that were modified.',
    'java-servlet': 'Use request.getSession(false) where a session is only read; getSession() creates one.',
    'spring-session':
      'Use request.getSession(false) where a session is only read, and SessionCreationPolicy.IF_REQUIRED (or STATELESS for APIs).',
    laravel: 'Serve anonymous endpoints from the api middleware group, which starts no session.',
  },
  'SESS-COOKIE-PERSIST': {
    'express-session':
      "Check the cookie path/domain, that secret is the same on every instance, cookie.secure behind a proxy needs app.set('trust proxy', 1), and the store connection.",
    php: 'Check session.cookie_path/cookie_domain, session.save_path and that every instance shares the session store.',
  },
  'SESS-HEADER-PERSIST': {},
  'SESS-BODY-PERSIST': {},
  'SESS-PRECEDENCE': {},
  'SESS-API-NO-COOKIE': {
    'express-session': 'Mount session() only on the cookie routes, or skip it when a token header is present.',
    sessctl: 'sessctl/middleware never sets a cookie on a token request: another layer set this one.',
  },
  'SESS-TTL': {
    'express-session': 'Set cookie.maxAge and the store TTL (connect-redis ttl) to the intended lifetime.',
    php: 'Set session.gc_maxlifetime (phpredis and memcached use it as the key TTL).',
    django: 'Set SESSION_COOKIE_AGE.',
    flask: 'Set PERMANENT_SESSION_LIFETIME (and session.permanent = True where sessions should expire on the server).',
    'java-servlet': 'Set <session-timeout> in web.xml (minutes).',
    'spring-session': 'Set spring.session.timeout (or server.servlet.session.timeout).',
    laravel: "Set 'lifetime' in config/session.php (SESSION_LIFETIME, minutes).",
  },
  'SESS-FIXATION': {
    'express-session': 'Call req.session.regenerate() at login, before storing the user.',
    'fastify-session': 'Call await request.session.regenerate() at login.',
    php: 'Set session.use_strict_mode=1 (unknown ids are replaced) and call session_regenerate_id(true) at login.',
    django:
      'Log in with django.contrib.auth.login() (it rotates the key); custom login code calls request.session.cycle_key().',
    flask:
      'Upgrade Flask-Session (0.6+ refuses unknown ids) and call app.session_interface.regenerate(session) at login.',
    rack: "Call reset_session at login (Rails), or set env['rack.session.options'][:renew] = true.",
    laravel: 'Call $request->session()->regenerate() at login (Auth::attempt does not).',
    'java-servlet': 'Call request.changeSessionId() at login (Servlet 3.1+).',
    'spring-session':
      "Keep Spring Security's session fixation protection on: sessionManagement().sessionFixation().changeSessionId().",
    sessctl: 'Call session.regenerate() at login.',
  },
  'SESS-LOGOUT': {
    'express-session': 'Call req.session.destroy() at logout; clearing the cookie leaves the session valid.',
    'fastify-session': 'Call await request.session.destroy() at logout.',
    php: 'Call session_destroy() (and expire the cookie) at logout.',
    django: 'Log out with django.contrib.auth.logout() (it flushes the session).',
    flask: 'Call session.clear() at logout: Flask-Session then deletes the stored session.',
    rack: 'Call reset_session at logout.',
    laravel: 'Call Auth::logout(), $request->session()->invalidate() and regenerateToken() at logout.',
    'java-servlet': 'Call request.getSession(false).invalidate() at logout.',
    'spring-session': "Use Spring Security's logout with invalidateHttpSession(true) (the default).",
    sessctl: 'Call session.destroy() at logout.',
  },
  'SESS-ID-IN-URL': {
    php: 'Set session.use_trans_sid=0 and session.use_only_cookies=1.',
    'java-servlet': 'Set <tracking-mode>COOKIE</tracking-mode> in web.xml (no ;jsessionid= in URLs).',
    'spring-session': 'Set server.servlet.session.tracking-modes=cookie.',
  },
  'SESS-ENTROPY': {
    php: "Use PHP's own ids: session.sid_length=32 and session.sid_bits_per_character=5 (PHP < 8.4); no custom session_id() values.",
  },
  'COOKIE-SECURE': {
    'express-session': "Set cookie: { secure: true } (behind a TLS proxy also app.set('trust proxy', 1)).",
    'fastify-session': 'Set cookie: { secure: true }.',
    php: 'Set session.cookie_secure=1.',
    django: 'Set SESSION_COOKIE_SECURE = True.',
    flask: 'Set SESSION_COOKIE_SECURE = True.',
    rack: 'Rails: config.force_ssl = true, or secure: true in the session store options.',
    laravel: 'Set SESSION_SECURE_COOKIE=true.',
    'java-servlet': 'Set <cookie-config><secure>true</secure></cookie-config> in web.xml.',
    'spring-session': 'Set server.servlet.session.cookie.secure=true.',
    sessctl: 'Serve over https (Secure is then the default) or pass cookie: { secure: true }.',
  },
  'COOKIE-HTTPONLY': {
    'express-session': 'Set cookie: { httpOnly: true } (the default: something turned it off).',
    php: 'Set session.cookie_httponly=1.',
    django: 'Set SESSION_COOKIE_HTTPONLY = True (the default).',
    flask: 'Set SESSION_COOKIE_HTTPONLY = True (the default).',
    laravel: "Set 'http_only' => true in config/session.php.",
    'java-servlet': 'Set <cookie-config><http-only>true</http-only></cookie-config> in web.xml.',
    'spring-session': 'Set server.servlet.session.cookie.http-only=true.',
  },
  'COOKIE-SAMESITE-MISSING': {
    'express-session': "Set cookie: { sameSite: 'lax' }.",
    'fastify-session': "Set cookie: { sameSite: 'lax' }.",
    php: 'Set session.cookie_samesite=Lax (PHP 7.3+).',
    django: "Set SESSION_COOKIE_SAMESITE = 'Lax' (the default since Django 2.1).",
    flask: "Set SESSION_COOKIE_SAMESITE = 'Lax'.",
    rack: 'Pass same_site: :lax in the session store options.',
    laravel: "Set 'same_site' => 'lax' in config/session.php.",
    'spring-session': 'Set server.servlet.session.cookie.same-site=lax.',
  },
  'COOKIE-SAMESITE-INVALID': {
    'express-session': "Use cookie: { sameSite: 'lax' | 'strict' | 'none' }.",
    php: 'Use session.cookie_samesite=Lax, Strict or None.',
  },
  'COOKIE-SAMESITE-NONE-INSECURE': {
    'express-session': "Set cookie: { sameSite: 'none', secure: true }, or sameSite: 'lax'.",
    php: 'Set session.cookie_secure=1 with session.cookie_samesite=None, or use Lax.',
    django: "Set SESSION_COOKIE_SECURE = True with SESSION_COOKIE_SAMESITE = 'None', or use 'Lax'.",
    flask: "Set SESSION_COOKIE_SECURE = True with SESSION_COOKIE_SAMESITE = 'None', or use 'Lax'.",
    'spring-session': 'Set server.servlet.session.cookie.secure=true with same-site=none, or same-site=lax.',
  },
  'COOKIE-PREFIX-INVALID': {},
  'COOKIE-DOMAIN-LOOSE': {
    'express-session': 'Remove cookie.domain (a host-only cookie).',
    php: 'Leave session.cookie_domain empty.',
    django: 'Set SESSION_COOKIE_DOMAIN = None.',
    flask: 'Set SESSION_COOKIE_DOMAIN = False.',
    'spring-session': 'Leave server.servlet.session.cookie.domain unset.',
  },
  'COOKIE-LIFETIME': {
    'express-session': 'Set cookie.maxAge to the store TTL.',
    php: 'Keep session.cookie_lifetime at or below session.gc_maxlifetime (0 = a browser-session cookie).',
    django: 'SESSION_COOKIE_AGE sets both; keep it at the intended lifetime.',
    flask: 'PERMANENT_SESSION_LIFETIME sets both; keep it at the intended lifetime.',
  },
  'COOKIE-CACHEABLE': {
    php: 'Keep session.cache_limiter=nocache (the default) on pages that start a session.',
  },
  'CORS-REFLECT-ANY': CORS_FIX,
  'CORS-NULL': CORS_FIX,
  'CORS-PREFIX': CORS_FIX,
  'CORS-SUFFIX': CORS_FIX,
  'CORS-SUBDOMAIN-ANY': CORS_FIX,
  'CORS-HTTP-ORIGIN': CORS_FIX,
  'CORS-WILDCARD-CREDS': {
    'express-session': "cors({ origin: ['https://app.example.com'], credentials: true }) instead of origin: '*'.",
    flask: "CORS(app, origins=['https://app.example.com'], supports_credentials=True) instead of origins='*'.",
  },
  'CORS-VARY': {},
} as const satisfies Record<CheckId, Variants>;

/** The fix for a check: the framework's own words when there are some, else the generic help. */
export function fixFor(id: CheckId, framework: ProbeFramework | null | undefined): string {
  const variants: Variants = checkFixVariants[id];
  return (framework ? variants[framework] : undefined) ?? checkInfo[id].help;
}
