import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export type Scenario = 'empty' | 'anonymous' | 'authenticated';

const fixture = (framework: string, s: Scenario) =>
  JSON.parse(readFileSync(new URL(`../fixtures/node/${framework}/${s}.bin`, import.meta.url), 'utf8')) as {
    cookie: Record<string, unknown>;
  };

/**
 * An express-session payload as connect-redis stores it, from the committed fixture written by the
 * real express-session, with `cookie.expires` moved so the session was created `ageMs` ago.
 */
export function expressSession(
  s: Scenario,
  ageMs = 3_600_000,
  maxAgeMs = 86_400_000,
): { value: string; ttlMs: number } {
  const p = fixture('express-session', s);
  const created = Date.now() - ageMs;
  p.cookie.originalMaxAge = maxAgeMs;
  p.cookie.expires = new Date(created + maxAgeMs).toISOString();
  return { value: JSON.stringify(p), ttlMs: maxAgeMs - ageMs };
}

/** A connect-memcached payload (express-session without maxAge: expires null), from the fixture. */
export function connectMemcachedSession(s: Scenario): string {
  return JSON.stringify(fixture('connect-memcached', s));
}

export const sid = () => randomBytes(24).toString('base64url');
