import { parseCount, parseDuration, parseSize } from '../parse.js';
import { defaulted, option } from './option-spec.js';
import { parseList } from './parsers.js';

/** How a session may travel: what `--expect` and a config's `expect` name. */
export const MECHANISMS = ['cookie', 'header', 'body'] as const;
export type Mechanism = (typeof MECHANISMS)[number];

/**
 * `sessctl probe`'s options, keyed as `probe()` takes them (`ProbeOptions`); the URL is its
 * argument. A check config's probe target sets each under `config.key`.
 */
export const PROBE_SPEC = {
  sessionCookie: option<string>({
    flags: '--session-cookie <name>',
    help: 'the session cookie name (default: learned from the responses)',
    config: {
      key: 'sessionCookie',
      schema: { type: 'string', minLength: 1, description: 'Name of the session cookie (default: learned).' },
    },
  }),
  tokenHeader: defaulted<string>({
    flags: '--token-header <name>',
    help: 'header that carries a session token (Authorization: sent as Bearer <token>)',
    default: 'X-Auth-Token',
    config: {
      key: 'tokenHeader',
      schema: { type: 'string', minLength: 1, description: 'Header carrying a session token (default {default}).' },
    },
  }),
  tokenScheme: option<string>({
    flags: '--token-scheme <scheme>',
    help: "scheme before the token in the token header (default: Bearer for Authorization, none otherwise; '' for none)",
    config: {
      key: 'tokenScheme',
      schema: {
        type: 'string',
        description:
          'Scheme before the token in the token header, e.g. Bearer (default: Bearer for Authorization, none otherwise; "" for none). As --token-scheme.',
      },
    },
  }),
  tokenField: defaulted<string>({
    flags: '--token-field <name>',
    help: 'JSON body field that carries a session token',
    default: 'token',
    config: {
      key: 'tokenField',
      schema: {
        type: 'string',
        minLength: 1,
        description: 'JSON body field carrying a session token (default {default}).',
      },
    },
  }),
  stateUrl: option<string>({
    flags: '--state-url <url>',
    help: 'same-origin endpoint whose response shows the session state (session steps go there)',
    config: {
      key: 'stateUrl',
      schema: {
        $ref: '#/$defs/httpUrl',
        description: 'Same-origin endpoint whose response shows session state, if `url` does not.',
      },
    },
  }),
  logout: option<string>({
    flags: '--logout <recipe>',
    help: 'the request that logs out, [METHOD] PATH (default POST), e.g. "POST /logout": SESS-LOGOUT replays the old session after it',
    config: {
      key: 'logout',
      schema: {
        type: 'string',
        minLength: 1,
        pattern: '^\\s*(?:[A-Za-z]+\\s+)?(?:/|https?://)\\S*\\s*$',
        title: 'a logout request, [METHOD] PATH',
        examples: ['POST /logout', 'DELETE /api/session'],
        description:
          'The request that logs out, [METHOD] PATH-OR-URL (method defaults to POST), e.g. "POST /logout": SESS-LOGOUT checks the old session is dead after it.',
      },
    },
  }),
  login: option<string>({
    flags: '--login <recipe>',
    help: 'the request that logs in, [METHOD] PATH [BODY] (default POST; the body is JSON or a form, user=demo&password=…, where a field set to {csrf} takes the CSRF token of the login page; @file reads it): sessions come from it when anonymous requests get none, and SESS-FIXATION checks the id changes at login; body values are redacted everywhere',
    config: {
      key: 'login',
      schema: {
        type: 'string',
        minLength: 1,
        pattern: '^\\s*(?:[A-Za-z]+\\s+)?(?:/|https?://)\\S*(?:\\s+[\\s\\S]*)?$',
        title: 'a login request, [METHOD] PATH [BODY]',
        examples: [
          'POST /login {"user":"demo","password":"${LOGIN_PASSWORD}"}',
          'POST /api/session @login.json',
          'POST /login user=demo&password=${LOGIN_PASSWORD}',
          'POST /accounts/login/ csrfmiddlewaretoken={csrf}&username=demo&password=${LOGIN_PASSWORD}',
        ],
        description:
          'The request that logs in, [METHOD] PATH-OR-URL [BODY] (method defaults to POST; a body starting with { or [ is sent as application/json, any other as a URL-encoded form, name=value&name=value, where a field set to {csrf} takes the anti-CSRF token of the login page, which is read first; @file reads it from a file): sessions come from it when anonymous requests get none, and SESS-FIXATION checks the session id changes at login. Every string value of the body is treated as a secret and redacted in all output.',
      },
    },
  }),
  origin: option<string>({
    flags: '--origin <origin>',
    help: 'Origin sent on preflights (default: a cross-origin origin no allowlist contains)',
    config: {
      key: 'origin',
      schema: {
        $ref: '#/$defs/httpUrl',
        description: 'The Origin a browser would send (default: a cross-site origin).',
      },
    },
  }),
  ttlMs: option<number>({
    flags: '--ttl <duration>',
    help: 'expected session TTL: wait it out and check the session is gone (e.g. 30s)',
    parse: (v) => parseDuration(v),
    config: {
      key: 'ttl',
      schema: {
        $ref: '#/$defs/duration',
        description: 'Expected session TTL: the probe waits it out and checks the session is gone. As --ttl.',
      },
    },
  }),
  store: option<string>({
    flags: '--store <url>',
    help: 'count the session keys each step creates in this store (redis://…, memcached://…)',
    config: {
      key: 'store',
      schema: {
        $ref: '#/$defs/storeUrl',
        description: "The app's session store: counts the keys each probe step created.",
      },
    },
  }),
  storePrefix: option<string>({
    flags: '--store-prefix <prefix>',
    help: 'only count store keys with this prefix (default: learned)',
    config: {
      key: 'storePrefix',
      schema: {
        type: 'string',
        minLength: 1,
        description: 'Only count store keys with this prefix (default: learned). As --store-prefix.',
      },
    },
  }),
  har: option<string>({
    flags: '--har <file>',
    help: 'replay a HAR 1.2 file like a browser and report which entries minted sessions',
    config: {
      key: 'har',
      schema: {
        type: 'string',
        minLength: 1,
        description:
          'Replay this HAR 1.2 file instead of the built-in steps (relative to the working directory). As --har.',
      },
    },
  }),
  expect: defaulted<Mechanism[]>({
    flags: '--expect <mechanisms>',
    help: 'mechanisms the app must support, so not persisting is a finding: cookie, header, body (comma list)',
    // Checked in the command, which names the bad value; the config's schema names the choices.
    parse: (v, prev) => parseList(v, prev) as Mechanism[],
    default: [],
    defaultLabel: 'none',
    config: {
      key: 'expect',
      schema: {
        type: 'array',
        items: { type: 'string', enum: [...MECHANISMS] },
        description: 'Mechanisms the app is meant to support: not persisting is then a finding.',
      },
    },
  }),
  timeoutMs: defaulted<number>({
    flags: '--timeout <duration>',
    help: 'per-request timeout',
    parse: (v) => parseDuration(v),
    default: 5000,
    defaultLabel: '5s',
    config: {
      key: 'requestTimeout',
      schema: {
        $ref: '#/$defs/duration',
        description: 'Per-request timeout (default {default}); `timeout` bounds the whole target. As probe --timeout.',
      },
    },
  }),
  maxRequests: defaulted<number>({
    flags: '--max-requests <n>',
    help: 'request budget for the whole probe',
    parse: (v) => parseCount(v),
    default: 100,
    config: {
      key: 'maxRequests',
      schema: {
        type: 'integer',
        minimum: 1,
        description: 'Request budget for the whole probe (default {default}). As --max-requests.',
      },
    },
  }),
  maxBodyBytes: defaulted<number>({
    flags: '--max-body <size>',
    help: 'response bytes read per request',
    parse: (v) => parseSize(v),
    default: 256 * 1024,
    defaultLabel: '256kb',
    config: {
      key: 'maxBody',
      schema: {
        anyOf: [
          { type: 'integer', minimum: 1 },
          { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$' },
        ],
        description: 'Response bytes read per request, e.g. "{default}" (default). As --max-body.',
      },
    },
  }),
  insecure: defaulted<boolean>({
    flags: '--insecure',
    help: 'do not verify TLS certificates',
    default: false,
    config: {
      key: 'insecure',
      schema: { type: 'boolean', description: 'Do not verify TLS certificates. As --insecure.' },
    },
  }),
  saveHar: option<string>({
    flags: '--save-har <file>',
    help: 'write every request the probe sent and what came back to FILE as HAR 1.2 (secrets redacted); --har replays it',
    config: {
      key: 'saveHar',
      schema: {
        type: 'string',
        minLength: 1,
        description:
          'Write every request the probe sent, and what came back, to this file as HAR 1.2 (secrets redacted). As --save-har.',
      },
    },
  }),
  showSecrets: defaulted<boolean>({
    flags: '--show-secrets',
    help: 'keep session ids, tokens and cookie values in the --save-har file (it then holds live credentials; mode 0600)',
    default: false,
    config: {
      key: 'showSecrets',
      schema: {
        type: 'boolean',
        description:
          'Keep session ids and tokens in the saveHar file (it then holds live credentials; mode 0600). As --show-secrets.',
      },
    },
  }),
};
