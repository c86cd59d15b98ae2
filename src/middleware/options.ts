import { parseDuration } from '../parse.js';
import { resolveCookie, type ResolvedCookie } from './cookie.js';
import { memoryStore } from '../stores/memory/memory-session-store.js';
import type { SessionStore } from '../stores/session-store.js';
import type { SessionOptions } from './types.js';

export interface ResolvedOptions {
  store: SessionStore;
  ttlMs: number;
  rolling: boolean;
  touchAfterMs: number;
  cookie: ResolvedCookie;
  header: string | undefined;
  bodyField: string | undefined;
  secrets: readonly string[];
  storeTimeoutMs: number;
  trustProxy: boolean;
  bodyLimit: number;
  now: () => number;
}

/** Validates options once, at construction, with messages that name the option. */
export function resolveOptions(options: SessionOptions = {}): ResolvedOptions {
  const {
    store = memoryStore(),
    ttl = '1d',
    rolling = true,
    header = 'X-Auth-Token',
    bodyField = 'token',
    storeTimeout = '2s',
    trustProxy = false,
    bodyLimit = 100 * 1024,
    now = Date.now,
  } = options;
  const ttlMs = duration('ttl', ttl);
  const touchAfterMs =
    options.touchAfter === undefined ? Math.floor(ttlMs / 10) : duration('touchAfter', options.touchAfter, true);
  if (touchAfterMs >= ttlMs) throw new TypeError('touchAfter must be shorter than ttl');
  const secrets =
    options.secret === undefined ? [] : typeof options.secret === 'string' ? [options.secret] : [...options.secret];
  if (options.secret !== undefined && secrets.length === 0) throw new TypeError('secret must not be an empty array');
  if (secrets.some((s) => typeof s !== 'string' || s.length < 32))
    throw new TypeError('each secret must be a string of at least 32 characters');
  if (header !== false && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(header))
    throw new TypeError(`header must be an HTTP header name, got ${JSON.stringify(header)}`);
  if (bodyField !== false && (typeof bodyField !== 'string' || bodyField === ''))
    throw new TypeError('bodyField must be a non-empty string or false');
  if (typeof bodyLimit !== 'number' || !Number.isInteger(bodyLimit) || bodyLimit < 0)
    throw new TypeError(`bodyLimit must be a whole number of bytes, got ${JSON.stringify(bodyLimit)}`);
  return {
    store,
    ttlMs,
    rolling,
    touchAfterMs,
    cookie: resolveCookie(options.cookie),
    header: header === false ? undefined : header.toLowerCase(),
    bodyField: bodyField === false ? undefined : bodyField,
    secrets,
    storeTimeoutMs: duration('storeTimeout', storeTimeout),
    trustProxy,
    bodyLimit,
    now,
  };
}

function duration(name: string, value: number | string, zeroOk = false): number {
  const ms = typeof value === 'number' ? value : parseDuration(value, name);
  if (!Number.isFinite(ms) || ms < 0 || (!zeroOk && ms === 0))
    throw new TypeError(`${name} must be a positive duration, got ${JSON.stringify(value)}`);
  return ms;
}
