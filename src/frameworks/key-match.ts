import type { FrameworkDef } from './define-framework.js';
import { FRAMEWORK_ORDER } from './index.js';
import { PrefixIndex } from './prefix-index.js';
import { requiredLiteral } from './required-literal.js';

export interface KeyMatch {
  framework: FrameworkDef;
  /** The matched default prefix, or '' for a key pattern. */
  prefix: string;
}

/** Non-empty prefixes, longest first, so `spring:session:sessions:` wins over a shorter one. */
const PREFIXES: ReadonlyArray<{ prefix: string; framework: FrameworkDef }> = FRAMEWORK_ORDER.flatMap((framework) =>
  framework.prefixes.filter((prefix) => prefix !== '').map((prefix) => ({ prefix, framework })),
).sort((a, b) => b.prefix.length - a.prefix.length);

/**
 * Two prefixes of one length that both start a key are the same string, so a prefix match is
 * decided by that string alone: its answer is built once, not per key (the scan hot path).
 */
const BY_PREFIX = new Map<string, readonly KeyMatch[]>();
for (const { prefix, framework } of PREFIXES) {
  BY_PREFIX.set(prefix, Object.freeze([...(BY_PREFIX.get(prefix) ?? []), Object.freeze({ framework, prefix })]));
}

/** Each pattern with a literal every match must contain: `includes` rules out most keys before the regex runs. */
const PATTERNS: ReadonlyArray<{ pattern: RegExp; literal: string; match: KeyMatch; alone: readonly KeyMatch[] }> =
  FRAMEWORK_ORDER.flatMap((framework) =>
    (framework.keyPatterns ?? []).map((pattern) => {
      const match = Object.freeze({ framework, prefix: '' });
      return { pattern, literal: requiredLiteral(pattern), match, alone: Object.freeze([match]) };
    }),
  );

const NONE: readonly KeyMatch[] = Object.freeze([]);
/**
 * The frameworks' default prefixes, for the longest one a key starts with. The one index: the
 * scan's knownPrefix() asks it and hands the answer to keyMatchesOfPrefix(), which must know it.
 */
export const DEFAULT_PREFIXES = new PrefixIndex(BY_PREFIX.keys());

/**
 * The frameworks whose default key layout this key follows: every framework sharing the longest
 * matching prefix (express-session and @fastify/session both use `sess:` through connect-redis),
 * else those whose key pattern matches. A bare `''` prefix (connect-memcached) is no evidence and
 * never matches here.
 */
export function frameworksForKey(key: string | undefined): KeyMatch[] {
  return keyMatches(key).map((m) => ({ framework: m.framework, prefix: m.prefix }));
}

/**
 * keyMatches of a key whose longest framework default prefix is `prefix` (the scan has it from
 * knownPrefix, from DEFAULT_PREFIXES): the one startsWith per key is not paid twice.
 */
export function keyMatchesOfPrefix(prefix: string): readonly KeyMatch[] {
  // a scan's keys come in runs under one prefix: its answer is kept beside it
  if (prefix !== lastPrefix) {
    lastPrefix = prefix;
    lastAnswer = BY_PREFIX.get(prefix) ?? NONE;
  }
  return lastAnswer;
}
let lastPrefix: string | undefined;
let lastAnswer: readonly KeyMatch[] = NONE;

/** frameworksForKey without the copy: shared, frozen answers for the per-key hot path. */
export function keyMatches(key: string | undefined): readonly KeyMatch[] {
  if (!key) return NONE;
  const prefix = DEFAULT_PREFIXES.longest(key);
  if (prefix !== undefined) return BY_PREFIX.get(prefix) ?? NONE;
  let out: readonly KeyMatch[] = NONE;
  for (const p of PATTERNS) {
    if (!key.includes(p.literal) || !p.pattern.test(key)) continue;
    out = out.length ? [...out, p.match] : p.alone;
  }
  return out;
}
