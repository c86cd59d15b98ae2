import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord, type DecodedRecord } from './classify-record.js';

/**
 * Laravel's `redis` (and other cache-based) session driver: key `<REDIS_PREFIX><cache prefix>:<Str::random(40)>`
 * (`laravel_database_laravel_cache_:<id>` with the skeleton's defaults), value
 * serialize(serialize($attributes)) (`Store::save` then `RedisStore::put`), which the php decoder
 * unwraps (`php-string`).
 * Metadata: `_token` (Store::start adds it to every session), `_previous` (`url` of the last GET),
 * `_flash` ({old, new}: written on every save) and the keys it lists (flashed `errors`, `_old_input`,
 * `status`…), `url` (`url.intended`), `password_hash_<guard>` (AuthenticateSession).
 * Identity: `login_<guard>_<sha1(guard class)>` (SessionGuard::getName), plus the generic rule.
 * The web middleware group saves the session on every request, so idle time never proves never-read.
 */
export const LARAVEL_METADATA = new Set(['_token', '_previous', '_flash', '_old_input', 'url']);
const LOGIN_KEY = /^login_\w+_[0-9a-f]{40}$/;
const PASSWORD_HASH_KEY = /^password_hash_\w+$/;
const LARAVEL_KEY = /^.*_cache_?:[A-Za-z0-9]{40}$/;

/** Keys named in `_flash.old` / `_flash.new` are flash data the framework ages out by itself. */
function metadataFor(v: DecodedRecord): ReadonlySet<string> {
  const flash = v._flash;
  let extra: string[] | undefined;
  if (isRecord(flash)) {
    for (const list of [flash.old, flash.new]) {
      const names = Array.isArray(list) ? list : isRecord(list) ? Object.values(list) : [];
      for (const n of names) if (typeof n === 'string') (extra ??= []).push(n);
    }
  }
  for (const k in v) if (PASSWORD_HASH_KEY.test(k)) (extra ??= []).push(k);
  return extra ? new Set([...LARAVEL_METADATA, ...extra]) : LARAVEL_METADATA;
}

export default defineFramework({
  id: 'laravel',
  prefixes: ['laravel_database_laravel_cache_:', 'laravel_database_laravel_cache:'],
  keyPatterns: [LARAVEL_KEY],
  formats: ['php_serialize', 'php'],
  match(v, ctx) {
    if (!isRecord(v)) return 0;
    const token = typeof v._token === 'string';
    if (token && '_flash' in v) return 0.95;
    if (Object.keys(v).some((k) => LOGIN_KEY.test(k))) return 0.9;
    if (token) return 0.7;
    return ctx.key !== undefined && LARAVEL_KEY.test(ctx.key) ? 0.5 : 0;
  },
  meaning(v) {
    if (!isRecord(v)) return { empty: false, anonymous: true, userKeys: [], rewritesOnRequest: true };
    return { ...classifyRecord(v, { metadata: metadataFor(v), identity: [LOGIN_KEY] }), rewritesOnRequest: true };
  },
});
