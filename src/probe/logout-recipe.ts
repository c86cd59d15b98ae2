import { UsageError } from '../errors.js';

/** The request that logs a session out: a method and a same-origin URL. */
export interface LogoutRecipe {
  method: string;
  url: URL;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * `[METHOD] PATH-OR-URL`, e.g. `POST /logout`, `/auth/logout` or `DELETE https://app/api/session`.
 * The method defaults to POST (logouts that change state should not be GETs); a path resolves
 * against the probed URL and an absolute URL must share its origin, so the probe never sends the
 * session anywhere else. Returns why the text is not a recipe, or the recipe.
 */
export function readLogoutRecipe(text: string, base: URL): LogoutRecipe | { problem: string } {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 2) return { problem: 'use [METHOD] PATH, e.g. "POST /logout"' };
  const [first, second] = parts as [string, string | undefined];
  const method = second === undefined ? 'POST' : first.toUpperCase();
  const where = second ?? first;
  if (!(METHODS as readonly string[]).includes(method)) return { problem: `unsupported method ${first}: use ${METHODS.join(', ')}` };
  if (!where.startsWith('/') && !/^https?:\/\//i.test(where)) return { problem: `${where} is neither a path (/logout) nor an http(s) URL` };
  let url: URL;
  try {
    url = new URL(where, base);
  } catch {
    return { problem: `${where} is not a valid URL` };
  }
  if (url.origin !== base.origin) return { problem: `${url.origin} is not the probed origin ${base.origin}` };
  return { method, url };
}

/** The recipe or a one-line usage error naming the flag. */
export function parseLogoutRecipe(text: string, base: URL, flag = '--logout'): LogoutRecipe {
  const r = readLogoutRecipe(text, base);
  if ('problem' in r) throw new UsageError(`invalid ${flag} "${text}": ${r.problem}`);
  return r;
}

export function formatRecipe(r: LogoutRecipe): string {
  return `${r.method} ${r.url.pathname}${r.url.search}`;
}
