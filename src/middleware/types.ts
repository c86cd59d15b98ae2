import type { CookieOptions } from './cookie.js';
import type { SessionStore } from '../stores/session-store.js';

/**
 * The data of a session. Extend it with declaration merging to type your keys:
 *
 * @example
 * declare module 'sessctl/middleware' {
 *   interface SessionData { userId: string; cart: string[] }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SessionData {}

/** How this request identified its session. `none`: it presented nothing usable. */
export type Transport = 'cookie' | 'header' | 'body' | 'none';

export interface SessionOptions {
  /** Where sessions live. Default: the in-process `memoryStore()` (shared with `sessctl scan memory://default`). */
  store?: SessionStore;
  /** Idle lifetime of a session: store TTL, refreshed by touch. ms or a duration like `'30m'`. Default `'1d'`. */
  ttl?: number | string;
  /** Refresh the TTL on use (by touch, never by rewriting the payload). Default true. */
  rolling?: boolean;
  /**
   * Touch only once this much of the TTL has passed since the last refresh, so busy sessions cost
   * no write per request. ms or duration. Default: a tenth of `ttl`.
   */
  touchAfter?: number | string;
  cookie?: CookieOptions;
  /** Request header carrying a token (the session id, signed if `secret` is set). `false` disables. Default `X-Auth-Token`. */
  header?: string | false;
  /** Field of a JSON request body carrying a token. `false` disables. Default `token`. */
  bodyField?: string | false;
  /** Signs cookies and tokens with HMAC-SHA256. An array rotates: the first signs, all verify. */
  secret?: string | readonly string[];
  /** Longest a store call may take before the request fails with a SessctlError. ms or duration. Default `'2s'`. */
  storeTimeout?: number | string;
  /** Trust `X-Forwarded-Proto` for the Secure decision (Hono/fetch adapter; Express and fastify use their own trust proxy). */
  trustProxy?: boolean;
  /**
   * Largest JSON body the session layer reads for a body token (Express when no body parser ran
   * first, Hono, fetch): a larger Content-Length, or more bytes streamed, is answered 413. Default 100 KiB.
   */
  bodyLimit?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** What an adapter tells the core about one request. */
export interface RequestFacts {
  method: string;
  /** A request header by lower-case name; the first value when repeated. */
  header(name: string): string | undefined;
  /** The request arrived over https (directly or per a trusted proxy). */
  secure: boolean;
  /** The parsed JSON body when the framework has one; anything else is ignored. */
  body?: unknown;
  /** Reads the JSON body when the framework has not parsed it; called only when no cookie or header decided. */
  readBody?: () => Promise<unknown>;
}

/** What an adapter applies to the response after commit. */
export interface ResponseEffects {
  /** A `Set-Cookie` value to append. */
  setCookie?: string;
  /** A header to set for token clients when their token is new or rotated: `[name, token]`. */
  token?: [string, string];
}
