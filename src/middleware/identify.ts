import { readCookie } from './cookie.js';
import type { ResolvedOptions } from './options.js';
import { isSessionId } from './session-id.js';
import { unsign } from './signing.js';
import type { RequestFacts, Transport } from './types.js';

/**
 * Which session a request claims, and how. The cookie wins when present and authentic; then the
 * token header; then the JSON body field. A token header or field that is present but empty or
 * unknown still makes the client a token client (it wants a token, never a cookie).
 */
export function identify(facts: RequestFacts, o: ResolvedOptions): { transport: Transport; id: string | undefined; resign?: boolean } {
  const cookie = readCookie(facts.header('cookie'), o.cookie.name);
  const fromCookie = cookie === undefined ? undefined : verify(cookie, o.secrets);
  // Signed with an older secret: re-issue the cookie under the current one, so the old secret can retire.
  if (fromCookie !== undefined) return { transport: 'cookie', id: fromCookie, resign: o.secrets.length > 1 && unsign(cookie!, o.secrets.slice(0, 1)) === undefined };
  if (o.header) {
    const token = facts.header(o.header);
    if (token !== undefined) return { transport: 'header', id: verify(token.trim(), o.secrets) };
  }
  if (o.bodyField && isPlainObject(facts.body) && Object.hasOwn(facts.body, o.bodyField)) {
    const token = facts.body[o.bodyField];
    return { transport: 'body', id: typeof token === 'string' ? verify(token, o.secrets) : undefined };
  }
  return { transport: cookie === undefined ? 'none' : 'cookie', id: undefined };
}

function verify(value: string, secrets: readonly string[]): string | undefined {
  const id = secrets.length ? unsign(value, secrets) : value;
  return id !== undefined && isSessionId(id) ? id : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
