import { defineCheck, fail, pass, skip } from '../define-check.js';
import { idVariants } from '../store-tracker.js';

/** ZAP rule 3 / WSTG-SESS-04: an id in a URL leaks through logs, history and Referer. */
export default defineCheck({
  id: 'SESS-ID-IN-URL',
  async run(learned, client) {
    const ids = [learned.a?.cookie, learned.a?.token, learned.b?.cookie, learned.b?.token]
      .filter((v): v is string => v !== undefined)
      .flatMap(idVariants);
    if (ids.length === 0) return skip('no session id was issued');
    for (const ex of client.exchanges) {
      const location = String(ex.response.headers.location ?? '');
      const links =
        ex.response.body.match(
          /(?:href|src|action)\s*=\s*["'][^"']*|https?:\/\/[^\s"'<>]+|[?&;][\w.-]+=[^\s"'<>&]+/gi,
        ) ?? [];
      const hit = ids.find((id) => location.includes(id) || links.some((l) => l.includes(id)));
      if (hit)
        return fail({
          ex,
          message: `the session id appears in ${location.includes(hit) ? 'the Location header' : 'a URL in the response body'}`,
        });
    }
    return pass('no session id in Location headers or URLs of the responses');
  },
});
