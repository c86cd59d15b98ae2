import { defineCheck, fail, pass, skip } from '../define-check.js';
import { idVariants } from '../store-tracker.js';

/**
 * A weakness detector, not a randomness proof (research §4): duplicates among freshly issued ids
 * and an upper bound of length × log2(alphabet) from the ids the probe saw anyway. No extra requests:
 * sampling more would create that many server sessions.
 */
export default defineCheck({
  id: 'SESS-ENTROPY',
  async run(ctx) {
    const name = ctx.model.sessionCookie;
    const issued = ctx.exchanges
      .filter((ex) => !ex.request.headers.cookie)
      .map((ex) => ex.response.setCookies.find((c) => c.name === name && !c.deletion && c.value)?.value)
      .filter((v): v is string => v !== undefined);
    if (issued.length === 0) return skip('no session ids were issued');
    const first = ctx.exchanges.find((ex) => ctx.sessionSetCookie(ex));
    if (new Set(issued).size < issued.length) return fail({ ex: first, message: `the same session id was issued twice in ${issued.length} fresh sessions` });
    const bits = Math.min(...issued.map((v) => boundBits(idVariants(v).at(-1) ?? v)));
    if (bits < 64) return fail({ ex: first, message: `session ids carry at most ${bits} bits (length × alphabet bound over ${issued.length} ids); 64 is the minimum` });
    if (bits < 128) return fail({ ex: first, severity: 'low', message: `session ids carry at most ${bits} bits (bound over ${issued.length} ids); 128 is recommended` });
    return pass(`at most ${bits} bits per id (length × alphabet bound over ${issued.length} ids, no duplicates)`);
  },
});

export function boundBits(id: string): number {
  const chars = id.replace(/[^A-Za-z0-9+/_-]/g, '');
  const alnum = chars.replace(/[^A-Za-z0-9]/g, '');
  let alphabet = 0;
  if (/^[0-9a-f]*$/.test(alnum)) alphabet = 16;
  else {
    if (/\d/.test(chars)) alphabet += 10;
    if (/[a-z]/.test(chars)) alphabet += 26;
    if (/[A-Z]/.test(chars)) alphabet += 26;
    if (/[+/_-]/.test(chars)) alphabet += 2;
  }
  return Math.floor(alnum.length * Math.log2(Math.max(alphabet, 2)));
}
