import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord } from './classify-record.js';
import type { DecodedValue } from '../formats/types.js';

/**
 * PHP's session module with the phpredis (`PHPREDIS_SESSION:<sid>`) or php-memcached
 * (`memc.sess.key.<sid>`) save handler, in any `session.serialize_handler` (`php`:
 * `name|serialized;…`, `php_serialize`: `a:<n>:{…}`, `php_binary`).
 * PHP adds no keys of its own: an empty `$_SESSION` is stored as a zero-length value (`php`,
 * `php_binary`) or `a:0:{}` (`php_serialize`), and every `session_start()` without a cookie
 * stores one. Identity is app-defined: the generic rule (`user_id`, `userId`, `uid`, `username`…)
 * plus the usual login flags (`logged_in`, `is_logged_in`, `authenticated`) when true.
 */
const PHP_METADATA: ReadonlySet<string> = new Set();
const PHP_RULES = { metadata: PHP_METADATA, identity: [/^(?:is_?)?logged_?in$|^authenticated$/i] };
const EMPTY = { empty: true, anonymous: false, userKeys: [] };
/** The default prefixes after an app namespace; the sid alphabet (`[a-zA-Z0-9,-]`, 22–256) leaves out the `_LOCK` and `lock.` keys. */
const PHP_KEYS = [/^.*PHPREDIS_SESSION:[A-Za-z0-9,-]{22,256}$/, /^.*memc\.sess\.key\.[A-Za-z0-9,-]{22,256}$/];

/** A zero-length payload, `a:0:{}` and an empty map all mean an empty `$_SESSION`. */
function isEmptySession(v: DecodedValue): boolean {
  if (v === null || v === '' || (v instanceof Uint8Array && v.length === 0)) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isRecord(v)) {
    for (const _ in v) return false;
    return true;
  }
  return false;
}

/** Laravel's attribute array (php_serialize under its own key) is laravel.ts's, not ours. */
function looksLaravel(v: DecodedValue): boolean {
  return isRecord(v) && typeof v._token === 'string' && '_flash' in v;
}

export default defineFramework({
  id: 'php',
  prefixes: ['PHPREDIS_SESSION:', 'memc.sess.key.'],
  keyPatterns: PHP_KEYS,
  formats: ['php', 'php_binary', 'php_serialize'],
  match(v, ctx) {
    if (looksLaravel(v)) return 0.1;
    const known = ctx.prefix !== undefined;
    if (!isRecord(v) && !isEmptySession(v)) return known ? 0.3 : 0;
    // `name|…` and php_binary are written by nothing but the session module
    if (ctx.format !== 'php_serialize') return 0.9;
    return known ? 0.9 : 0.4;
  },
  meaning(v) {
    if (isEmptySession(v)) return EMPTY;
    return isRecord(v) ? classifyRecord(v, PHP_RULES) : { empty: false, anonymous: true, userKeys: [] };
  },
});
