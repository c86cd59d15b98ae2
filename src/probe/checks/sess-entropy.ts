import { defineCheck, fail, pass, skip } from '../define-check.js';
import { parseCookieHeader } from '../../http-cookie.js';
import { idVariants } from '../store-tracker.js';

/**
 * A weakness detector, not a randomness proof (research §4): duplicates among freshly issued ids
 * and an upper bound of length × log2(alphabet) from the ids the probe saw anyway. No extra requests:
 * sampling more would create that many server sessions.
 */
export default defineCheck({
  id: 'SESS-ENTROPY',
  async run(learned, client) {
    const name = learned.model.sessionCookie;
    // fresh: the request carried no session cookie (a CSRF cookie sent with a login form is fine)
    const issued = client.exchanges
      .filter((ex) => name === null || !parseCookieHeader(ex.request.headers.cookie).has(name))
      .map((ex) => ex.response.setCookies.find((c) => c.name === name && !c.deletion && c.value)?.value)
      .filter((v): v is string => v !== undefined);
    if (issued.length === 0) return skip('no session ids were issued');
    const first = client.exchanges.find((ex) => client.sessionSetCookie(ex));
    if (new Set(issued).size < issued.length)
      return fail({ ex: first, message: `the same session id was issued twice in ${issued.length} fresh sessions` });
    const ids = issued.map((v) => idVariants(v).at(-1) ?? v);
    let bits = Math.min(...ids.map(boundBits));
    let method = `length × alphabet bound over ${ids.length} ids`;
    // ZAP tokengen's idea in small: positions that never change across fresh ids carry no entropy.
    // With 3+ random ids a truly random position stays constant with negligible probability.
    if (ids.length >= 3 && ids.every((id) => id.length === ids[0]!.length)) {
      const varying = [...ids[0]!].filter((ch, i) => ids.some((id) => id[i] !== ch)).length;
      const byPosition = Math.floor(varying * symbolBits(ids[0]!));
      if (byPosition < bits) {
        bits = byPosition;
        method = `only ${varying} of ${ids[0]!.length} positions vary over ${ids.length} ids`;
      }
    }
    if (bits < 64)
      return fail({ ex: first, message: `session ids carry at most ${bits} bits (${method}); 64 is the minimum` });
    if (bits < 128)
      return fail({
        ex: first,
        severity: 'low',
        message: `session ids carry at most ${bits} bits (${method}); 128 is recommended`,
      });
    return pass(`at most ${bits} bits per id (${method}, no duplicates)`);
  },
});

export function boundBits(id: string): number {
  return Math.floor(id.replace(/[^A-Za-z0-9]/g, '').length * symbolBits(id));
}

/** log2 of the alphabet the id seems drawn from: hex, or the character classes present. */
export function symbolBits(id: string): number {
  const chars = id.replace(/[^A-Za-z0-9+/_-]/g, '');
  if (/^[0-9a-f]*$/.test(chars.replace(/[^A-Za-z0-9]/g, ''))) return 4;
  let alphabet = 0;
  if (/\d/.test(chars)) alphabet += 10;
  if (/[a-z]/.test(chars)) alphabet += 26;
  if (/[A-Z]/.test(chars)) alphabet += 26;
  if (/[+/_-]/.test(chars)) alphabet += 2;
  return Math.log2(Math.max(alphabet, 2));
}
