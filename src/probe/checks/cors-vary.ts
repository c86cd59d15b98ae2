import { defineCheck, fail, pass, skip } from '../define-check.js';
import { header } from '../preflight.js';

/** Fetch "CORS protocol and HTTP caches": an Origin-dependent ACAO needs Vary: Origin. */
export default defineCheck({
  id: 'CORS-VARY',
  async run(learned, client) {
    const echoed = client.exchanges.filter((ex) => {
      const acao = header(ex, 'access-control-allow-origin');
      return acao !== undefined && acao !== '*' && acao === ex.request.headers.origin;
    });
    if (echoed.length === 0) return skip('Access-Control-Allow-Origin never echoed the request Origin');
    const bad = echoed.find((ex) => !/(^|,)\s*(origin|\*)\s*(,|$)/i.test(header(ex, 'vary') ?? ''));
    return bad
      ? fail({
          ex: bad,
          message: 'Access-Control-Allow-Origin follows the request Origin but Vary does not name Origin',
        })
      : pass('every Origin-dependent answer carries Vary: Origin');
  },
});
