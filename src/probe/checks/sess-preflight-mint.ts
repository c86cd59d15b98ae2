import { defineCheck, fail, pass, type FindingDraft } from '../define-check.js';
import { browserPreflight, cookiePreflight } from '../preflight.js';

/**
 * The headline check. Browsers never send cookies on a preflight and ignore its Set-Cookie (Fetch
 * §CORS-preflight fetch), so any session created here is one nobody will ever use: the store keeps
 * it until it expires. With --store the new keys prove it even when the response sets no cookie.
 */
export default defineCheck({
  id: 'SESS-PREFLIGHT-MINT',
  async run(learned, client) {
    const ex = await browserPreflight(client);
    const findings: FindingDraft[] = [];
    const minted = ex.response.setCookies.filter(
      (c) => !c.deletion && c.value && (learned.model.sessionCookie === null || c.name === learned.model.sessionCookie),
    );
    const keys = ex.newKeys?.length ?? 0;
    if (minted.length > 0 || keys > 0) {
      const what = [
        minted.length > 0 ? `set ${minted.map((c) => c.name).join(', ')}` : 'set no cookie',
        ex.newKeys ? `and created ${keys} key${keys === 1 ? '' : 's'} in the store` : '',
      ]
        .filter(Boolean)
        .join(' ');
      findings.push({
        ex,
        message: `the preflight (OPTIONS without cookies) ${what}: the browser discards the cookie, the session stays in the store`,
      });
    }
    const held = learned.a?.cookie;
    if (held !== undefined) {
      const again = await cookiePreflight(client, held);
      const rotated = again.response.setCookies.find(
        (c) => c.name === learned.model.sessionCookie && (c.deletion || c.value !== held),
      );
      if (rotated)
        findings.push({
          ex: again,
          severity: 'high',
          message: `a preflight that carries the session cookie ${rotated.deletion ? 'clears' : 'replaces'} the session (non-browser clients and proxies lose it)`,
        });
    }
    if (findings.length > 0) return fail(...findings);
    return pass(
      ex.newKeys
        ? 'no Set-Cookie and no store key created by the preflight'
        : 'no Set-Cookie on the preflight (pass --store to rule out sessions stored without a cookie)',
    );
  },
});
