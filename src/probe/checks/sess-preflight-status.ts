import { defineCheck, fail, pass, type FindingDraft } from '../define-check.js';
import { browserPreflight, header } from '../preflight.js';

/**
 * A preflight needs an ok status (200–299, Fetch §HTTP responses) and, when the real request carries
 * the token header, an Access-Control-Allow-Headers that names it (a `*` does not count for
 * credentialed requests: Fetch "CORS non-wildcard request-header name").
 */
export default defineCheck({
  id: 'SESS-PREFLIGHT-STATUS',
  async run(learned, client) {
    const ex = await browserPreflight(client);
    const findings: FindingDraft[] = [];
    const { status } = ex.response;
    if (status < 200 || status > 299)
      findings.push({ ex, message: `the preflight got ${status}: browsers reject the real cross-origin request` });
    const acao = header(ex, 'access-control-allow-origin');
    if (acao !== undefined) {
      const allowed = (header(ex, 'access-control-allow-headers') ?? '')
        .toLowerCase()
        .split(',')
        .map((s) => s.trim());
      const creds = header(ex, 'access-control-allow-credentials') === 'true';
      const token = client.tokenHeader.toLowerCase();
      if (!allowed.includes(token) && !(allowed.includes('*') && !creds)) {
        findings.push({
          ex,
          message: `Access-Control-Allow-Headers does not allow ${client.tokenHeader}: token requests from the browser fail`,
        });
      }
    }
    if (findings.length > 0) return fail(...findings);
    return pass(
      acao === undefined
        ? `preflight answered ${status} (no CORS headers for origin ${client.origin})`
        : `preflight answered ${status} and allows ${client.tokenHeader}`,
    );
  },
});
