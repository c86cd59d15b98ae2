import type { FrameworkDef } from './define-framework.js';
import { FRAMEWORK_ORDER } from './index.js';

export interface KeyMatch {
  framework: FrameworkDef;
  /** The matched default prefix, or '' for a key pattern. */
  prefix: string;
}

/** Non-empty prefixes, longest first, so `spring:session:sessions:` wins over a shorter one. */
const PREFIXES: ReadonlyArray<{ prefix: string; framework: FrameworkDef }> = FRAMEWORK_ORDER.flatMap((framework) =>
  framework.prefixes.filter((prefix) => prefix !== '').map((prefix) => ({ prefix, framework })),
).sort((a, b) => b.prefix.length - a.prefix.length);

const PATTERNS: ReadonlyArray<{ pattern: RegExp; framework: FrameworkDef }> = FRAMEWORK_ORDER.flatMap((framework) =>
  (framework.keyPatterns ?? []).map((pattern) => ({ pattern, framework })),
);

/**
 * The frameworks whose default key layout this key follows: every framework sharing the longest
 * matching prefix (express-session and @fastify/session both use `sess:` through connect-redis),
 * else those whose key pattern matches. A bare `''` prefix (connect-memcached) is no evidence and
 * never matches here.
 */
export function frameworksForKey(key: string | undefined): KeyMatch[] {
  if (!key) return [];
  let best = -1;
  const out: KeyMatch[] = [];
  for (const { prefix, framework } of PREFIXES) {
    if (prefix.length < best) break;
    if (key.startsWith(prefix)) {
      best = prefix.length;
      out.push({ framework, prefix });
    }
  }
  if (out.length > 0) return out;
  for (const { pattern, framework } of PATTERNS) if (pattern.test(key)) out.push({ framework, prefix: '' });
  return out;
}
