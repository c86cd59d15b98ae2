import type { ProbeClient } from './probe-client.js';
import type { Exchange } from './http-client.js';
import type { SetCookie } from '../http-cookie.js';
import { defineCheck, fail, pass, skip, type Check, type FindingDraft } from './define-check.js';
import type { CheckId } from './types.js';

export interface SeenCookie {
  cookie: SetCookie;
  ex: Exchange;
}

/** Every distinct Set-Cookie (name + attributes) from any step, deletions left out. */
export function cookiesSeen(client: ProbeClient): SeenCookie[] {
  const seen = new Map<string, SeenCookie>();
  for (const ex of client.exchanges) {
    for (const cookie of ex.response.setCookies) {
      if (cookie.deletion) continue;
      const attrs = cookie.raw.slice(cookie.raw.indexOf(';') + 1 || cookie.raw.length).replace(/expires=[^;]*/i, '');
      const key = `${cookie.name}\n${attrs.toLowerCase()}`;
      if (!seen.has(key)) seen.set(key, { cookie, ex });
    }
  }
  return [...seen.values()];
}

/** Session cookies: the learned one, else names that look like one (Observatory heuristic). */
export function isSessionCookie(client: ProbeClient, c: SetCookie): boolean {
  return client.sessionCookie !== null ? c.name === client.sessionCookie : /sess|login|sid/i.test(c.name);
}

/**
 * The passive cookie checks share one shape: a rule per cookie, one finding per offending cookie
 * name, `skip` when the probe saw no cookie to judge.
 */
export function cookieCheck(
  id: CheckId,
  options: {
    sessionOnly: boolean;
    applies?: (client: ProbeClient) => string | undefined;
    rule: (c: SetCookie, client: ProbeClient, ex: Exchange) => string | undefined;
    passReason: string;
  },
): Check {
  return defineCheck({
    id,
    async run(learned, client) {
      const notApplicable = options.applies?.(client);
      if (notApplicable) return skip(notApplicable);
      const cookies = cookiesSeen(client).filter((s) => !options.sessionOnly || isSessionCookie(client, s.cookie));
      if (cookies.length === 0) return skip(options.sessionOnly ? 'no session cookie was set' : 'no cookie was set');
      const findings: FindingDraft[] = [];
      const reported = new Set<string>();
      for (const { cookie, ex } of cookies) {
        const message = options.rule(cookie, client, ex);
        if (message && !reported.has(cookie.name)) {
          reported.add(cookie.name);
          findings.push({ ex, message: `${cookie.name}: ${message}` });
        }
      }
      return findings.length > 0
        ? fail(...findings)
        : pass(`${options.passReason} (${[...new Set(cookies.map((c) => c.cookie.name))].join(', ')})`);
    },
  });
}
