import { defineCheck, fail, pass, skip } from '../define-check.js';
import { header } from '../preflight.js';

/** Fetch "CORS protocol and credentials": ACAO * with credentials is never shared — a broken setup, not a leak. */
export default defineCheck({
  id: 'CORS-WILDCARD-CREDS',
  async run(learned, client) {
    const cors = client.exchanges.filter((ex) => header(ex, 'access-control-allow-origin') !== undefined);
    if (cors.length === 0) return skip('no response carried Access-Control-Allow-Origin');
    const bad = cors.find(
      (ex) =>
        header(ex, 'access-control-allow-origin') === '*' && header(ex, 'access-control-allow-credentials') === 'true',
    );
    return bad
      ? fail({
          ex: bad,
          message:
            'Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true; browsers refuse credentialed responses',
        })
      : pass('no wildcard origin combined with credentials');
  },
});
