import { readCookie } from '../http-cookie.js';
import type { ResolvedOptions } from './options.js';
import { isSessionId } from './session-id.js';
import { Signer } from './signing.js';
import type { RequestFacts, Transport } from './types.js';

// One Signer per resolved secrets list (one per middleware instance): keys imported once, verified cookies remembered.
const signers = new WeakMap<readonly string[], Signer>();

/** The Signer of a middleware's secrets, made on first use. */
export function signerFor(secrets: readonly string[]): Signer {
  let signer = signers.get(secrets);
  if (!signer) signers.set(secrets, (signer = new Signer(secrets)));
  return signer;
}

/**
 * Which session a request claims, and how. The cookie wins when present and authentic; then the
 * token header; then the JSON body field. A token header or field that is present but empty or
 * unknown still makes the client a token client (it wants a token, never a cookie).
 */
export function identify(
  facts: RequestFacts,
  o: ResolvedOptions,
): { transport: Transport; id: string | undefined; resign?: boolean } {
  const cookie = readCookie(facts.header('cookie'), o.cookie.name);
  if (cookie !== undefined) {
    const v = verify(cookie, o.secrets);
    // Signed with an older secret: re-issue the cookie under the current one, so the old secret can retire.
    if (v !== undefined) return { transport: 'cookie', id: v.id, resign: v.resign };
  }
  // A token signed with an older secret is re-issued in the token header too, as a cookie is.
  if (o.header) {
    const token = facts.header(o.header);
    if (token !== undefined) return { transport: 'header', ...verified(verify(token.trim(), o.secrets)) };
  }
  if (o.bodyField && isPlainObject(facts.body) && Object.hasOwn(facts.body, o.bodyField)) {
    const token = facts.body[o.bodyField];
    return { transport: 'body', ...verified(typeof token === 'string' ? verify(token, o.secrets) : undefined) };
  }
  return { transport: cookie === undefined ? 'none' : 'cookie', id: undefined };
}

function verify(value: string, secrets: readonly string[]): { id: string; resign: boolean } | undefined {
  const v = secrets.length ? signerFor(secrets).verify(value) : { id: value, resign: false };
  return v !== undefined && isSessionId(v.id) ? v : undefined;
}

function verified(v: { id: string; resign: boolean } | undefined): { id: string | undefined; resign?: boolean } {
  return v === undefined ? { id: undefined } : { id: v.id, resign: v.resign };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
