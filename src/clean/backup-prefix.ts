import { derivedPrefix, knownPrefix } from '../scan/prefix.js';

/**
 * The session prefix a backup records for a key, and a restore checks it against: the scan's
 * grouping (`prefixOf`) where it names a namespace, a framework's prefix or a `:`-separated stem.
 * A key without either (a bare id, `session_<id>`) records `''`: the scan's `_` split can cut a
 * random id in two, and a million such keys must not become a million recorded prefixes.
 *
 * @example
 * backupPrefixOf('sess:vHOoFd…') // 'sess:'
 * backupPrefixOf('Zx9_qA…')      // ''
 */
export function backupPrefixOf(key: string): string {
  const known = knownPrefix(key);
  if (known !== undefined) return known;
  const p = derivedPrefix(key);
  return p.includes(':') ? p : '';
}
