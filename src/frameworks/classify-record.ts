import type { DecodedValue } from '../formats/types.js';
import type { FrameworkMeaning } from './define-framework.js';

export type DecodedRecord = { [key: string]: DecodedValue };

/** A plain key/value map (not an array, bytes, bigint or opaque object). */
export function isRecord(v: DecodedValue | undefined): v is DecodedRecord {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    !('$opaque' in v && typeof v.$opaque === 'string')
  );
}

/** A value that carries something: not null, false, '', an empty array or an empty map. */
export function isPresent(v: DecodedValue | undefined): boolean {
  if (v === undefined || v === null || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isRecord(v)) {
    for (const _ in v) return true;
    return false;
  }
  return true;
}

/**
 * The generic identity rule, used in every framework on top of its explicit identity keys: a
 * top-level key names the user when, lowercased and stripped of `_ - .`, it is a principal noun
 * (user, account, principal, member, customer) with an optional qualifier before (current, auth,
 * logged, loggedin, session) and an optional id suffix after (id, name, email, key), or exactly `uid`.
 * So `userId`, `user_id`, `user`, `uid`, `currentUser`, `account_id` identify; `username_hint`,
 * `users`, `cart`, `returnTo` do not. The value must be present (non-null, non-empty).
 */
const IDENTITY_NAME =
  /^(?:current|auth|logged|loggedin|session)?(?:user|account|principal|member|customer)(?:id|name|email|key)?$|^uid$/;
const nameCache = new Map<string, boolean>();

export function isIdentityName(name: string): boolean {
  let hit = nameCache.get(name);
  if (hit === undefined) {
    hit = IDENTITY_NAME.test(name.replace(/[-_.]/g, '').toLowerCase());
    // session payloads reuse a small vocabulary of key names; the cap only guards against hostile keyspaces
    if (nameCache.size < 10_000) nameCache.set(name, hit);
  }
  return hit;
}

export interface RecordRules {
  /** Keys the framework writes itself: not user data. */
  metadata: ReadonlySet<string>;
  /** Framework-specific identity: dotted paths (`passport.user`) or patterns on top-level keys (`/^login_\w+_[0-9a-f]{40}$/`). */
  identity?: ReadonlyArray<string | RegExp>;
  /** Metadata keys whose present value still counts as user data (`passport` when it holds more than `{}`). */
  dataWhenPresent?: ReadonlySet<string>;
}

/**
 * Splits a session map into metadata, user data and identity (see `isIdentityName` for the rule)
 * and returns the meaning; framework files call it with their own rules.
 */
export function classifyRecord(v: DecodedRecord, rules: RecordRules): FrameworkMeaning {
  const userKeys: string[] = [];
  let data = false;
  for (const path of rules.identity ?? []) {
    if (typeof path !== 'string') continue;
    if (isPresent(lookup(v, path))) userKeys.push(path);
  }
  for (const k in v) {
    const value = v[k];
    if (rules.metadata.has(k)) {
      if (rules.dataWhenPresent?.has(k) && isPresent(value)) data = true;
      continue;
    }
    data = true;
    if (userKeys.includes(k)) continue;
    if (isPresent(value) && (isIdentityName(k) || rules.identity?.some((p) => typeof p !== 'string' && p.test(k))))
      userKeys.push(k);
  }
  const empty = !data && userKeys.length === 0;
  return { empty, anonymous: !empty && userKeys.length === 0, userKeys };
}

/** Dotted paths split once: identity paths are read for every session the scan decodes. */
const SEGMENTS = new Map<string, readonly string[]>();

/** Reads a dotted path (`passport.user`) through nested maps. */
export function lookup(v: DecodedValue | undefined, path: string): DecodedValue | undefined {
  let segments = SEGMENTS.get(path);
  if (segments === undefined) {
    segments = path.split('.');
    // framework rules hold a handful of paths; the cap only guards callers with unbounded ones
    if (SEGMENTS.size < 1000) SEGMENTS.set(path, segments);
  }
  let cur: DecodedValue | undefined = v;
  for (const s of segments) {
    if (!isRecord(cur)) return undefined;
    cur = cur[s];
  }
  return cur;
}
