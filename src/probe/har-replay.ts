import { checksById, passive } from './checks/index.js';
import type { ProbeContext } from './context.js';
import { settle } from './define-check.js';
import { replayBody, replayHeaders, type HarDoc } from './har-file.js';
import type { CheckResult, Finding, HarEntryResult, ProbeReport } from './types.js';

const SESSION_NAME = /sess|sid|login|auth|token|phpsessid|jsessionid/i;

/**
 * Replays a HAR against the target origin as a browser would: a cookie jar fed by Set-Cookie, the
 * latest token handed out substituted into the token header, and preflights sent with neither
 * (their Set-Cookie ignored, Fetch §CORS-preflight fetch). Entries for other origins are listed,
 * never sent. Reports which entries minted sessions; the passive checks run over what came back.
 */
export async function replayHar(ctx: ProbeContext, har: HarDoc, file: string, results: Map<string, CheckResult>, findings: Finding[]): Promise<NonNullable<ProbeReport['har']>> {
  const jar = new Map<string, string>();
  let token: string | undefined;
  const tokenHeader = ctx.tokenHeader.toLowerCase();
  const entries: HarEntryResult[] = [];
  const isSession = (name: string) => (ctx.options.sessionCookie ? name === ctx.options.sessionCookie : SESSION_NAME.test(name));
  for (const [index, { request }] of har.entries.entries()) {
    const url = new URL(request.url);
    const base = { index, method: request.method, url: url.origin + url.pathname };
    const preflight = request.method === 'OPTIONS' && request.headers.some((h) => /^access-control-request-method$/i.test(h.name));
    if (url.origin !== ctx.target.origin) {
      entries.push({ ...base, preflight, status: null, minted: false, skipped: `other origin ${url.origin}` });
      continue;
    }
    const headers = replayHeaders(request);
    if (preflight) {
      delete headers[tokenHeader];
      delete headers.authorization;
    } else {
      if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      if (headers[tokenHeader] !== undefined && token !== undefined) headers[tokenHeader] = ctx.tokenScheme ? `${ctx.tokenScheme} ${token}` : token;
    }
    const body = replayBody(request);
    const ex = await ctx.send(`har#${index} ${request.method} ${url.pathname}`, { method: request.method, url: request.url, headers, ...(body === undefined ? {} : { body }) });
    const fresh = ex.response.setCookies.filter((c) => !c.deletion && c.value && isSession(c.name) && jar.get(c.name) !== c.value);
    const newToken = ctx.tokenOf(ex);
    const minted = fresh.length > 0 || (ex.newKeys?.length ?? 0) > 0 || (newToken !== undefined && newToken !== token && !preflight);
    if (fresh[0] && ctx.model.sessionCookie === null) ctx.model.sessionCookie = fresh[0].name;
    entries.push({ ...base, preflight, status: ex.response.status, minted, ...(ex.newKeys ? { keysCreated: ex.newKeys.length } : {}) });
    if (preflight) continue;
    for (const c of ex.response.setCookies) {
      if (c.deletion) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    if (newToken !== undefined) token = newToken;
  }
  ctx.model.anonymousMints = entries.some((e) => e.minted && !e.preflight);
  ctx.model.sessionsFrom = 'har';

  const mintingPreflights = entries.filter((e) => e.preflight && e.minted);
  const exOf = (e: HarEntryResult) => ctx.exchanges.find((x) => x.step.startsWith(`har#${e.index} `));
  const preflightResult = mintingPreflights.length > 0
    ? settle(ctx, 'SESS-PREFLIGHT-MINT', { status: 'fail', findings: mintingPreflights.map((e) => ({ ex: exOf(e), message: `HAR entry ${e.index} (preflight ${e.url}) minted a session${e.keysCreated ? ` and created ${e.keysCreated} store key(s)` : ''}` })) })
    : settle(ctx, 'SESS-PREFLIGHT-MINT', entries.some((e) => e.preflight && !e.skipped) ? { status: 'pass', reason: 'no replayed preflight minted a session' } : { status: 'skip', reason: 'the HAR holds no preflight for the target origin' });
  results.set('SESS-PREFLIGHT-MINT', preflightResult.result);
  findings.push(...preflightResult.findings);
  for (const id of passive) {
    const { result, findings: f } = settle(ctx, id, await checksById[id].run(ctx));
    results.set(id, result);
    findings.push(...f);
  }
  return { file, entries, sanitized: har.sanitized };
}
