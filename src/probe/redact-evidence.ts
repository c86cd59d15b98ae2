import { cookiePairs, parseSetCookie } from '../http-cookie.js';
import { redactValue } from '../redact.js';
import { isHarmlessHeader } from './harmless-headers.js';
import type { Exchange } from './http-client.js';
import type { Evidence } from './types.js';

/**
 * Evidence is headers only, and every known secret (session ids, tokens, cookie values, forged ids)
 * is replaced by `<redacted N chars #hash>` before it leaves the probe, as is every header not on
 * the harmless list: the hash still lets a reader see that two steps used the same value.
 */
export function redactEvidence(ex: Exchange, secrets: ReadonlySet<string>, tokenHeader: string): Evidence {
  const hide = (text: string) => redactText(text, secrets);
  const reqHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(ex.request.headers)) {
    const name = k.toLowerCase();
    reqHeaders[name] =
      name === 'cookie'
        ? redactCookiePairs(v)
        : name === tokenHeader.toLowerCase() || !isHarmlessHeader(name)
          ? redactValue(v)
          : hide(v);
  }
  const resHeaders: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(ex.response.headers)) {
    const name = k.toLowerCase();
    if (NOISE.has(name)) continue;
    const one = (s: string) =>
      name === 'set-cookie'
        ? redactSetCookie(s)
        : name === tokenHeader.toLowerCase() || !isHarmlessHeader(name)
          ? redactValue(s)
          : hide(s);
    resHeaders[name] = Array.isArray(v) ? v.map(one) : one(v);
  }
  return {
    step: ex.step,
    request: { method: ex.request.method, url: hide(ex.request.url), headers: reqHeaders },
    response: { status: ex.response.status, headers: resHeaders },
  };
}

/** Headers that say nothing about sessions and change on every run. */
const NOISE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'etag', 'x-powered-by']);

export function redactText(
  text: string,
  secrets: ReadonlySet<string>,
  mask: (secret: string) => string = redactValue,
): string {
  let out = text;
  // Longest first, so a value that contains another secret is replaced whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length >= 4 && out.includes(s)) out = out.split(s).join(mask(s));
  }
  return out;
}

export function redactCookiePairs(header: string): string {
  // A pair without "=" is a nameless cookie, and its whole text is the (secret) value.
  return cookiePairs(header)
    .map(({ name, value }) => (name ? `${name}=${redactValue(value)}` : redactValue(value)))
    .join('; ');
}

export function redactSetCookie(raw: string): string {
  const semi = raw.indexOf(';');
  const pair = semi < 0 ? raw : raw.slice(0, semi);
  const rest = semi < 0 ? '' : raw.slice(semi);
  // A pair without "=" is a nameless cookie: its whole text is the value (parseSetCookie).
  const { name, value } = parseSetCookie(raw);
  // Attributes stay as sent: they are the evidence. An empty value is a deletion and carries nothing secret.
  return `${pair.includes('=') ? `${name}=` : ''}${value ? redactValue(value) : ''}${rest}`;
}
