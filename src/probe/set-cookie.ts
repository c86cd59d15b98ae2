/** One Set-Cookie header, parsed per RFC 6265bis §5.6 but keeping what a browser would ignore. */
export interface SetCookie {
  name: string;
  value: string;
  raw: string;
  secure: boolean;
  httpOnly: boolean;
  /** The raw SameSite value as sent (undefined = attribute absent). */
  sameSite: string | undefined;
  domain: string | undefined;
  path: string | undefined;
  /** Last valid Max-Age in seconds. */
  maxAge: number | undefined;
  /** Last parsable Expires, ms since the epoch. */
  expires: number | undefined;
  /** Max-Age ≤ 0 or Expires in the past: the server deletes the cookie. */
  deletion: boolean;
  /** CTL characters or name+value over 4096 octets: the whole header is dropped by browsers. */
  rejected: boolean;
}

// CTLs except HTAB (6265bis: reject the whole string).
// eslint-disable-next-line no-control-regex
const CTL = /[\x00-\x08\x0a-\x1f\x7f]/;

export function parseSetCookie(raw: string, now = Date.now()): SetCookie {
  const [pair = '', ...attrs] = raw.split(';');
  const eq = pair.indexOf('=');
  // No "=" means an empty name and the whole pair is the value (6265bis step 3).
  const name = eq < 0 ? '' : pair.slice(0, eq).trim();
  const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim();
  const c: SetCookie = {
    name, value, raw, secure: false, httpOnly: false, sameSite: undefined, domain: undefined, path: undefined,
    maxAge: undefined, expires: undefined, deletion: false,
    rejected: CTL.test(raw) || name.length + value.length > 4096,
  };
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? '' : attr.slice(i + 1).trim();
    if (val.length > 1024) continue;
    switch (key) {
      case 'secure': c.secure = true; break;
      case 'httponly': c.httpOnly = true; break;
      case 'samesite': c.sameSite = val; break;
      case 'domain': if (val) c.domain = val.replace(/^\./, '').toLowerCase(); break;
      case 'path': c.path = val; break;
      case 'max-age': if (/^-?\d+$/.test(val)) c.maxAge = Number(val); break;
      case 'expires': {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) c.expires = t;
        break;
      }
    }
  }
  // Max-Age has precedence over Expires (6265bis §5.6.2).
  c.deletion = c.maxAge !== undefined ? c.maxAge <= 0 : c.expires !== undefined && c.expires <= now;
  return c;
}

/** Lifetime in seconds as the browser computes it; undefined for a session (non-persistent) cookie. */
export function cookieLifetimeS(c: SetCookie, now = Date.now()): number | undefined {
  if (c.maxAge !== undefined) return c.maxAge;
  if (c.expires !== undefined) return Math.round((c.expires - now) / 1000);
  return undefined;
}

/** Parses a Cookie request header into name → value (first wins, like most servers). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    if (!out.has(k)) out.set(k, part.slice(i + 1).trim());
  }
  return out;
}
