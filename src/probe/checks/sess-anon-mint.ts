import { defineCheck, fail, pass, skip } from '../define-check.js';

/** Pre-auth sessions feed fixation and fill the store with one key per bot (WSTG-SESS-03/-04). */
export default defineCheck({
  id: 'SESS-ANON-MINT',
  async run(learned, client) {
    const ex = learned.anon ?? learned.a?.ex;
    if (!ex) return skip('no anonymous request was made');
    const cookie = client.sessionSetCookie(ex);
    const keys = ex.newKeys?.length ?? 0;
    if (cookie || keys > 0) {
      const parts = [
        cookie ? `set the session cookie ${cookie.name}` : '',
        ex.newKeys ? `created ${keys} store key${keys === 1 ? '' : 's'}` : '',
      ].filter(Boolean);
      return fail({ ex, message: `a request without credentials ${parts.join(' and ')}` });
    }
    return pass(
      ex.newKeys
        ? 'no session cookie and no store key for an anonymous request'
        : 'no session cookie for an anonymous request',
    );
  },
});
