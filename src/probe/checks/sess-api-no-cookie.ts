import { defineCheck, fail, pass, skip } from '../define-check.js';

/** A client that identifies itself by token has no use for a cookie; each one it gets is a stored session. */
export default defineCheck({
  id: 'SESS-API-NO-COOKIE',
  async run(learned, client) {
    const tried = (['header', 'body'] as const).filter(
      (m) => learned.model[m === 'header' ? 'headerToken' : 'bodyToken'] === 'persists',
    );
    if (tried.length === 0) return skip('no token mechanism persists');
    for (const m of tried) {
      // Every request the learner identified by this mechanism: a client-chosen token's first use creates its session.
      for (const ex of learned.tokenRequests[m] ?? [learned.steps[m]!]) {
        const c = ex.response.setCookies.find(
          (x) =>
            !x.deletion && x.value && (learned.model.sessionCookie === null || x.name === learned.model.sessionCookie),
        );
        if (c)
          return fail({
            ex,
            message: `a request identified by the ${m === 'header' ? client.tokenHeader + ' header' : 'JSON body token'} also received Set-Cookie ${c.name}`,
          });
      }
    }
    return pass(`token requests (${tried.join(', ')}) received no session cookie`);
  },
});
