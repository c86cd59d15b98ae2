import type { DecodedValue, FormatId } from '../formats/types.js';
import type { FrameworkId, FrameworkMeaning, StoredSession } from './types.js';

export type { FrameworkMeaning };

/** What interpret() knows about a payload when it asks a framework about it. */
export interface MatchContext {
  /** The store key, when known (a CLI `--key`, or the scanned key). */
  key?: string;
  /** The format the payload decoded as. */
  format: FormatId;
  /** The key prefix of this framework that matched `key`, if any. */
  prefix?: string | undefined;
  flags?: StoredSession['flags'] | undefined;
  store?: StoredSession['store'] | undefined;
}

/**
 * One framework's semantics. `match` and `meaning` run on the scan hot path (once per key): keep them
 * to a few property lookups, never re-parse, never throw (interpret() catches anyway, but a throw
 * turns the key into `undecodable`). Avoid object spread there (`{ ...m, createdAt }` measured ~2 µs
 * on Node 20, more than the whole rest of the semantics): assign onto the object classifyRecord returned.
 */
export interface FrameworkDef {
  readonly id: Exclude<FrameworkId, 'unknown' | 'generic'>;
  /** Default key prefixes, most specific first (`sess:`, `PHPREDIS_SESSION:`); `''` means "any key". */
  readonly prefixes: readonly string[];
  /** Keys a plain prefix cannot describe (Django's `:<version>:django.contrib.sessions.cache…`, Rack's `…2::<64 hex>`). Anchored, cheap. */
  readonly keyPatterns?: readonly RegExp[];
  /** Formats this framework writes; interpret() only asks frameworks whose formats include the decoded one. */
  readonly formats: readonly FormatId[];
  /** 0 (not this framework's shape) … 1 (unmistakably this framework), from the decoded value alone plus hints. */
  match(value: DecodedValue, ctx: MatchContext): number;
  /** What the value means for this framework; called only after `match` chose it. */
  meaning(value: DecodedValue, ctx: MatchContext): FrameworkMeaning;
}

/**
 * Declares a framework. Identity today; the function is the one place to add validation or
 * defaults later without touching every framework file.
 *
 * @example
 * export default defineFramework({
 *   id: 'django',
 *   prefixes: [],
 *   keyPatterns: [/^[^:]*:\d+:django\.contrib\.sessions\.cached?_?d?b?/],
 *   formats: ['pickle'],
 *   match: (v) => (isRecord(v) && '_auth_user_id' in v ? 0.9 : 0.3),
 *   meaning: (v) => classifyRecord(v, { metadata: DJANGO_METADATA, identity: ['_auth_user_id'] }),
 * });
 */
export function defineFramework<const D extends FrameworkDef>(def: D): D {
  return def;
}
