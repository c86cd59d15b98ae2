import { serializeSetCookie } from '../http-cookie.js';

/** Cookie attributes of the session cookie. Defaults are the secure ones. */
export interface CookieOptions {
  /** Cookie name. A `__Host-` name requires Secure, Path=/ and no Domain (checked at start-up). Default `sid`. */
  name?: string;
  /** `'auto'` (default): Secure when the request is https (or a trusted proxy says so). */
  secure?: boolean | 'auto';
  /** Default true. */
  httpOnly?: boolean;
  /** Default `'lax'`. `'none'` requires Secure. */
  sameSite?: 'strict' | 'lax' | 'none' | false;
  /** Default `/`. */
  path?: string;
  domain?: string;
  /** Persistent cookie with Max-Age = session TTL (re-sent when the TTL is refreshed). Default false: a browser-session cookie. */
  persistent?: boolean;
  partitioned?: boolean;
}

export type ResolvedCookie = Required<Omit<CookieOptions, 'domain'>> & { domain: string | undefined };

// RFC 6265 §4.1.1 cookie-name is a token; we also refuse the characters browsers mishandle.
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 6265 §4.1.1 path-value: any CHAR but controls and ";" (a ";" would start an attribute of the
// attacker's choosing if the path came from input); a path that does not start with "/" never matches.
const PATH = /^\/[\x20-\x3a\x3c-\x7e]*$/;
// A host name (RFC 1034 labels), optionally with the leading dot old browsers expect.
const DOMAIN = /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** Applies defaults and enforces the rules browsers enforce silently (prefixes, SameSite=None). */
export function resolveCookie(options: CookieOptions = {}): ResolvedCookie {
  const {
    name = 'sid',
    httpOnly = true,
    sameSite = 'lax',
    path = '/',
    domain,
    persistent = false,
    partitioned = false,
  } = options;
  let { secure = 'auto' } = options;
  if (!NAME.test(name)) throw new TypeError(`cookie.name must be an RFC 6265 token, got ${JSON.stringify(name)}`);
  if (typeof path !== 'string' || !PATH.test(path))
    throw new TypeError(
      `cookie.path must start with "/" and hold no ";" or control characters, got ${JSON.stringify(path)}`,
    );
  if (domain !== undefined && (typeof domain !== 'string' || domain.length > 253 || !DOMAIN.test(domain))) {
    throw new TypeError(
      `cookie.domain must be a host name (letters, digits, "-" and "."), got ${JSON.stringify(domain)}`,
    );
  }
  // Browsers match the prefixes case-insensitively (RFC 6265bis §4.1.3): `__HOST-sid` is held to them too.
  const lower = name.toLowerCase();
  if (lower.startsWith('__host-') || lower.startsWith('__secure-')) {
    if (secure === false)
      throw new TypeError(`cookie.name ${name} requires secure (the ${name.split('-')[0]}- prefix)`);
    secure = true;
  }
  if (lower.startsWith('__host-')) {
    if (path !== '/')
      throw new TypeError(`cookie.name ${name} requires path "/" (the __Host- prefix), got ${JSON.stringify(path)}`);
    if (domain !== undefined) throw new TypeError(`cookie.name ${name} must not have a domain (the __Host- prefix)`);
  }
  if (sameSite === 'none' && secure === false) throw new TypeError('cookie.sameSite "none" requires secure');
  if (partitioned && secure === false) throw new TypeError('cookie.partitioned requires secure');
  return { name, secure, httpOnly, sameSite, path, domain, persistent, partitioned };
}

/** A `Set-Cookie` value. `maxAgeS` 0 clears the cookie; undefined makes a browser-session cookie. */
export function serializeCookie(c: ResolvedCookie, value: string, secureRequest: boolean, maxAgeS?: number): string {
  return serializeSetCookie(c.name, encodeURIComponent(value), {
    path: c.path,
    domain: c.domain,
    maxAge: maxAgeS,
    // Expires for old clients; Max-Age wins where both are understood (RFC 6265 §5.3 step 3).
    expires: maxAgeS === undefined ? undefined : new Date(maxAgeS === 0 ? 0 : Date.now() + maxAgeS * 1000),
    httpOnly: c.httpOnly,
    secure: c.secure === true || (c.secure === 'auto' && secureRequest),
    sameSite: c.sameSite ? SAME_SITE[c.sameSite] : undefined,
    partitioned: c.partitioned,
  });
}

const SAME_SITE = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;
