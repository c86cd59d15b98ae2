import { defineCheck, fail, pass, skip, unknown } from '../define-check.js';

/**
 * Cookie A and header token B in one request: which session answers? Cookie-wins is a valid rule
 * (sessctl's own middleware uses it) but it means ambient cookies still authenticate header-token
 * API calls (RFC 6265bis "Ambient Authority"), so it is reported as info.
 */
export default defineCheck({
  id: 'SESS-PRECEDENCE',
  async run(learned, client) {
    const { model } = learned;
    if (model.cookie !== 'persists' || model.headerToken !== 'persists')
      return skip('needs both a persisting cookie session and a persisting header-token session');
    const ex = learned.steps.precedence;
    if (!ex || model.precedence === 'unknown')
      return unknown('the responses do not show which session answered (no per-session body state; try --state-url)');
    if (model.precedence === 'cookie')
      return fail({
        ex,
        message: `with cookie session A and ${client.tokenHeader} of session B, session A answered: the cookie wins`,
      });
    return pass(`the ${client.tokenHeader} header wins over the cookie`);
  },
});
