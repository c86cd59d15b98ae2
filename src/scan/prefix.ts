import { FRAMEWORK_ORDER } from '../frameworks/index.js';

/** Layouts a plain prefix cannot name: the id is glued to a fixed stem (Django) or follows `2::` (Rack). */
// Each with a substring the regex needs: includes() rules most keys out at a fraction of the cost.
const STEMS: ReadonlyArray<{ needle: string; re: RegExp }> = [
  { needle: 'django.contrib.sessions.cache', re: /^(.*?django\.contrib\.sessions\.cache(?:d_db)?)[a-z0-9]{8,}$/ },
  { needle: '2::', re: /^(.*?2::)[0-9a-f]{64}$/ },
];
const KNOWN_PREFIXES: readonly string[] = [...new Set(FRAMEWORK_ORDER.flatMap((f) => f.prefixes).filter((p) => p !== ''))].sort((a, b) => b.length - a.length);

/** A key segment that is an id, not a namespace: digits, UUIDs, long tokens. */
const ID_SEGMENT = /^(?:\d+|[0-9a-f-]{32,36}|[A-Za-z0-9+/=_-]{20,})$/;

/**
 * Groups a key under a prefix: a framework's default prefix when the key has one, else the text up
 * to the last `:` (or `_` when there is no `:`), with id-like segments folded to `*` so `cart:42:x`
 * and `cart:43:x` share `cart:*:`. Keys with neither separator group under `''`.
 */
export function prefixOf(key: string): string {
  // Plain startsWith over the frameworks' default prefixes; their key patterns (regexes) are
  // interpret()'s business, and the stems below name the two that group keys.
  for (const p of KNOWN_PREFIXES) if (key.startsWith(p)) return p;
  for (const { needle, re } of STEMS) {
    const m = key.includes(needle) ? re.exec(key) : null;
    if (m) return m[1]!;
  }
  let cut = key.lastIndexOf(':');
  if (cut < 0) cut = key.lastIndexOf('_');
  if (cut < 0) return '';
  const head = key.slice(0, cut + 1);
  const sep = head.includes(':') ? ':' : '_';
  return head
    .split(sep)
    .map((seg, i, all) => (i < all.length - 1 && ID_SEGMENT.test(seg) ? '*' : seg))
    .join(sep);
}
