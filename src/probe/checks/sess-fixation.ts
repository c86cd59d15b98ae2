import { defineCheck, fail, pass, skip, unknown } from '../define-check.js';
import { fingerprint } from '../context.js';
import { forgeId } from '../forge-id.js';
import { idVariants } from '../store-tracker.js';

/**
 * Sends back an id the server never issued, shaped like the ones it does (WSTG-SESS-03, ZAP 40013).
 * A server that replaces it with a fresh id is safe. Adoption shows as: the forged id echoed in
 * Set-Cookie; a store key for it; the same per-session state on a second request with it; or, as a
 * last resort, no new id although cookie-less requests always get one.
 */
export default defineCheck({
  id: 'SESS-FIXATION',
  async run(ctx) {
    const name = ctx.model.sessionCookie;
    const seen = ctx.learned.a?.cookie;
    if (!name || seen === undefined) return skip('no session cookie was issued, so there is no id shape to forge');
    const forged = forgeId(seen);
    ctx.addSecret(forged);
    const ex = await ctx.sendState('fixation', { cookie: forged });
    const set = ctx.sessionSetCookie(ex);
    if (set && set.value !== forged) return pass('the forged id was replaced by a fresh one');
    if (set) return fail({ ex, message: `the server accepted a forged ${name} and sent it back in Set-Cookie` });
    const stored = ex.newKeys?.some((k) => idVariants(forged).some((v) => k.endsWith(v)));
    if (stored) return fail({ ex, message: `the server stored a session under a forged ${name} (store key created for it)` });
    if (ctx.learned.bodyState) {
      const again = await ctx.sendState('fixation-confirm', { cookie: forged });
      const fp = fingerprint(ex);
      if (fingerprint(again) === fp && fp !== ctx.learned.a?.state) return fail({ ex: again, message: `the server bound session state to a forged ${name}: a second request with it saw the same state` });
      return pass('the forged id did not keep state across requests');
    }
    if (ctx.model.anonymousMints) return fail({ ex, message: `the server kept a forged ${name} (no new id issued, although requests without a cookie always get one)` });
    return unknown('the responses do not show whether the forged id was adopted (try --store or --state-url)');
  },
});
