import { checksById, passive } from './checks/index.js';
import { emptyDraft, freezeLearned, type LearnedModel } from './learned-model.js';
import type { ProbeClient } from './probe-client.js';
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
export async function replayHar(
  client: ProbeClient,
  har: HarDoc,
  file: string,
  results: Map<string, CheckResult>,
  findings: Finding[],
): Promise<{ har: NonNullable<ProbeReport['har']>; learned: LearnedModel }> {
  const draft = emptyDraft();
  const jar = new Map<string, string>();
  let token: string | undefined;
  const tokenHeader = client.tokenHeader.toLowerCase();
  const entries: HarEntryResult[] = [];
  const isSession = (name: string) =>
    client.options.sessionCookie ? name === client.options.sessionCookie : SESSION_NAME.test(name);
  for (const [index, { request }] of har.entries.entries()) {
    const url = new URL(request.url);
    const base = { index, method: request.method, url: url.origin + url.pathname };
    const preflight =
      request.method === 'OPTIONS' && request.headers.some((h) => /^access-control-request-method$/i.test(h.name));
    if (url.origin !== client.target.origin) {
      entries.push({ ...base, preflight, status: null, minted: false, skipped: `other origin ${url.origin}` });
      continue;
    }
    const headers = replayHeaders(request);
    if (preflight) {
      delete headers[tokenHeader];
      delete headers.authorization;
    } else {
      if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      if (headers[tokenHeader] !== undefined && token !== undefined)
        headers[tokenHeader] = client.tokenScheme ? `${client.tokenScheme} ${token}` : token;
    }
    const body = replayBody(request);
    const ex = await client.send(`har#${index} ${request.method} ${url.pathname}`, {
      method: request.method,
      url: request.url,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const fresh = ex.response.setCookies.filter(
      (c) => !c.deletion && c.value && isSession(c.name) && jar.get(c.name) !== c.value,
    );
    const newToken = client.tokenOf(ex);
    const minted =
      fresh.length > 0 || (ex.newKeys?.length ?? 0) > 0 || (newToken !== undefined && newToken !== token && !preflight);
    if (fresh[0] && draft.model.sessionCookie === null)
      draft.model.sessionCookie = client.sessionCookie = fresh[0].name;
    entries.push({
      ...base,
      preflight,
      status: ex.response.status,
      minted,
      ...(ex.newKeys ? { keysCreated: ex.newKeys.length } : {}),
    });
    if (preflight) continue;
    for (const c of ex.response.setCookies) {
      if (c.deletion) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    if (newToken !== undefined) token = newToken;
  }
  draft.model.anonymousMints = entries.some((e) => e.minted && !e.preflight);
  draft.model.sessionsFrom = 'har';
  const learned = freezeLearned(draft);

  const mintingPreflights = entries.filter((e) => e.preflight && e.minted);
  const exOf = (e: HarEntryResult) => client.exchanges.find((x) => x.step.startsWith(`har#${e.index} `));
  const preflightResult =
    mintingPreflights.length > 0
      ? settle(client, 'SESS-PREFLIGHT-MINT', {
          status: 'fail',
          findings: mintingPreflights.map((e) => ({
            ex: exOf(e),
            message: `HAR entry ${e.index} (preflight ${e.url}) minted a session${e.keysCreated ? ` and created ${e.keysCreated} store key(s)` : ''}`,
          })),
        })
      : settle(
          client,
          'SESS-PREFLIGHT-MINT',
          entries.some((e) => e.preflight && !e.skipped)
            ? { status: 'pass', reason: 'no replayed preflight minted a session' }
            : { status: 'skip', reason: 'the HAR holds no preflight for the target origin' },
        );
  results.set('SESS-PREFLIGHT-MINT', preflightResult.result);
  findings.push(...preflightResult.findings);
  for (const id of passive) {
    const { result, findings: f } = settle(client, id, await checksById[id].run(learned, client));
    results.set(id, result);
    findings.push(...f);
  }
  return { har: { file, entries, sanitized: har.sanitized }, learned };
}
