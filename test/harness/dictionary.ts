import { createHash } from 'node:crypto';

/** The tags anyone can compute for a guess without the run's key: FNV-1a (sessctl's old tag) and plain digests. */
export function publicTags(word: string): string[] {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const fnv = (h >>> 0).toString(16).padStart(8, '0').slice(0, 6);
  return [fnv, ...['md5', 'sha1', 'sha256', 'sha512'].map((a) => createHash(a).update(word).digest('hex').slice(0, 6))];
}

/**
 * Runs a dictionary against every `<redacted N chars #tag>` in a text: the words of length N whose
 * public tags include the tag. An attacker's dictionary holds the real values; so must the caller's.
 */
export function dictionaryMatches(text: string, words: Iterable<string>): string[] {
  const byLength = new Map<number, string[]>();
  for (const w of words) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
  const found = new Set<string>();
  for (const m of text.matchAll(/<redacted (\d+) chars #([0-9a-f]{6})>/g)) {
    for (const w of byLength.get(Number(m[1])) ?? []) if (publicTags(w).includes(m[2]!)) found.add(w);
  }
  return [...found];
}
