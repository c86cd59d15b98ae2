import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord } from './classify-record.js';

/**
 * Rack sessions in Redis or memcached: redis-rack / redis-actionpack (`rack:session:2::<sha256>`),
 * redis-session-store (`<key_prefix>2::<sha256>`), Rack::Session::Dalli (`rack:session:<public id>`),
 * Rails' cache store (`_session_id:2::<sha256>`). Rack ≥ 2.0.8 keys sessions by the private id
 * `2::` + SHA-256 of the cookie value. Values are Ruby Marshal (JSON with redis-session-store's
 * `:json` serializer). Rack commits every session the request loaded, so a request that only
 * deletes a key stores `{}`.
 * Metadata: `session_id`, Rails' `_csrf_token` and `flash`, rack-protection's `csrf` and
 * `tracking`, Warden's per-scope `warden.user.<scope>.session`.
 * Identity: Warden/Devise `warden.user.<scope>.key`, plus the generic rule (`user_id`).
 */
export const RACK_METADATA = new Set(['session_id', '_csrf_token', 'flash', 'csrf', 'tracking']);
const WARDEN_KEY = /^warden\.user\.[^.]+\.key$/;
const WARDEN_SESSION = /^warden\.user\.[^.]+\.session$/;
const PRIVATE_ID = /^(?:.*:)?2::[0-9a-f]{64}$/;
const DALLI_KEY = /^(?:.*:)?rack:session:[0-9a-f]{32,64}$/;

export default defineFramework({
  id: 'rack',
  prefixes: ['rack:session:', '_session_id:'],
  keyPatterns: [PRIVATE_ID, DALLI_KEY],
  formats: ['marshal', 'json'],
  match(v, ctx) {
    if (!isRecord(v) || 'cookie' in v) return 0;
    const keys = Object.keys(v);
    if (keys.some((k) => k === '_csrf_token' || k === 'session_id' || WARDEN_KEY.test(k))) return 0.9;
    // Marshal is Ruby's alone; a JSON map needs the key to say it is Rack's
    if (ctx.format === 'marshal') return 0.7;
    return ctx.key !== undefined && (PRIVATE_ID.test(ctx.key) || DALLI_KEY.test(ctx.key)) ? 0.5 : 0;
  },
  meaning(v) {
    if (!isRecord(v)) return { empty: false, anonymous: true, userKeys: [] };
    let metadata: ReadonlySet<string> = RACK_METADATA;
    for (const k in v) if (WARDEN_SESSION.test(k)) metadata = new Set([...metadata, k]);
    return classifyRecord(v, { metadata, identity: [WARDEN_KEY] });
  },
});
