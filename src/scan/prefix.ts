import { DEFAULT_PREFIXES } from '../frameworks/key-match.js';

/** Layouts a plain prefix cannot name: the id is glued to a fixed stem (Django) or follows `2::` (Rack). */
// Each with a substring the regex needs: includes() rules most keys out at a fraction of the cost.
// Needles stay under 7 characters, where V8 searches linearly instead of building skip tables per call.
const STEMS: ReadonlyArray<{ needle: string; re: RegExp }> = [
  { needle: 'django', re: /^(.*?django\.contrib\.sessions\.cache(?:d_db)?)[a-z0-9]{8,}$/ },
  { needle: '2::', re: /^(.*?2::)[0-9a-f]{64}$/ },
];

/** A segment naming sessions, up to its '_' (`session_`, `user_sessions_`, `sess_`). */
const SESSION_SEGMENT = /[A-Za-z]*sess[A-Za-z]*_/gi;

/** A key segment that is an id, not a namespace: digits, UUIDs, long tokens. */
const ID_SEGMENT = /^(?:\d+|[0-9a-f-]{32,36}|[A-Za-z0-9+/=_-]{20,})$/;

/**
 * Groups a key under a prefix: a framework's default prefix when the key has one, else the text up
 * to the last `:` (or `_` when there is no `:`), with id-like segments folded to `*` so `cart:42:x`
 * and `cart:43:x` share `cart:*:`. Keys with neither separator group under `''`.
 */
export function prefixOf(key: string): string {
  return knownPrefix(key) ?? derivedPrefix(key);
}

/**
 * The framework default prefix the key starts with (plain startsWith; their key patterns are
 * interpret()'s business): the scan asks once per key and hands it to keyMatchesOfPrefix too.
 */
export function knownPrefix(key: string): string | undefined {
  return DEFAULT_PREFIXES.longest(key);
}

/** prefixOf for a key without a framework's default prefix. */
export function derivedPrefix(key: string): string {
  // the stems below name the two key patterns that group keys
  for (const { needle, re } of STEMS) {
    const m = key.includes(needle) ? re.exec(key) : null;
    if (m) return m[1]!;
  }
  // The last ':' and, failing that, the last '_', in one backward pass (bare ids have neither).
  let cut = -1;
  let under = -1;
  for (let i = key.length - 1; i >= 0; i--) {
    const c = key.charCodeAt(i);
    if (c === 58) {
      cut = i;
      break;
    }
    if (c === 95 && under < 0) under = i;
  }
  if (cut < 0) cut = under;
  if (cut < 0) return '';
  // A custom session layer's ids may hold '_' (base64url: `session_Xq3v_T9b…`): past a segment that
  // names sessions, cut after it, or every id with a '_' would make a prefix of its own.
  if (under > cut || key.charCodeAt(cut) === 95) {
    SESSION_SEGMENT.lastIndex = key.charCodeAt(cut) === 58 ? cut + 1 : 0;
    const m = SESSION_SEGMENT.exec(key);
    if (m) cut = m.index + m[0].length - 1;
  }
  const head = key.slice(0, cut + 1);
  const sep = head.includes(':') ? ':' : '_';
  return head
    .split(sep)
    .map((seg, i, all) => (i < all.length - 1 && ID_SEGMENT.test(seg) ? '*' : seg))
    .join(sep);
}
