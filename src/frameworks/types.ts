import type { DecodedValue, FormatId, Wrapper } from '../formats/types.js';

export const FRAMEWORK_IDS = [
  'express-session',
  'fastify-session',
  'connect-memcached',
  'koa-session',
  'flask-session',
  'django',
  'php',
  'laravel',
  'rack',
  'spring-session',
  'sessctl',
  // a custom session layer: detected from its keys and payloads, or declared with a layout
  'generic',
  'unknown',
] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/** What a framework says a decoded payload means; interpret() adds framework, format and confidence. */
export interface FrameworkMeaning {
  /** Only framework metadata: no user data and no identity. */
  empty: boolean;
  /** User data but no user identity. Never true together with `empty`. */
  anonymous: boolean;
  /** Dotted paths of the keys that identify a user (`passport.user`, `_auth_user_id`, `warden.user.user.key`). Non-empty ⇒ authenticated. */
  userKeys: string[];
  /** Creation time in ms since the epoch, when the payload proves it. */
  createdAt?: number;
  /**
   * How `createdAt` is known: `exact` = the payload records creation (sessctl envelope, Spring
   * `creationTime`); `last-write` = the payload records its last full write (express/fastify
   * `expires − originalMaxAge`, koa `_expire − _maxAge`), which equals creation only if it was never
   * re-saved, so it is a lower bound on age.
   */
  createdAtKind?: 'exact' | 'last-write';
  /** The framework rewrites the session on every request (rolling/refresh), so "not read since last write" cannot prove never-read. */
  rewritesOnRequest?: boolean;
  /**
   * Last access as the payload records it (Spring `lastAccessedTime`, written by every request).
   * Equal to an exact `createdAt`, it proves never-read where idle time cannot.
   */
  lastAccessedAt?: number;
}

/** What one stored session means, whatever wrote it. Produced by `interpret()`, used by scan, clean, inspect and decode. */
export interface SessionMeaning extends FrameworkMeaning {
  framework: FrameworkId;
  format: FormatId | 'unknown';
  /** How sure detection is: key prefix and payload shape agree (high), one of them (medium), a guess (low). */
  confidence: 'high' | 'medium' | 'low';
  /** False when the payload could not be decoded; `reason` says why. Such a key is class `undecodable`. */
  decoded: boolean;
  reason?: string;
  /** Transport wrappers peeled before decoding (zlib, gzip, Laravel's outer PHP string). */
  wrappers?: Wrapper[];
  /** The decoded value; renderers redact it unless asked. */
  value?: DecodedValue;
}

/** What interpret() is given: the key (a strong hint) and the bytes, or the field map of a hash (Spring). */
export interface StoredSession {
  key?: string;
  bytes?: Uint8Array;
  hash?: Map<string, Uint8Array>;
  /** memcached item flags when known (node-memcached JSON = 2, pymemcache pickle = 1): a shape hint, never required. */
  flags?: number;
  /** Which kind of store held it; disambiguates frameworks that write the same bytes (express-session vs connect-memcached). */
  store?: 'redis' | 'memcached' | 'memory';
}
