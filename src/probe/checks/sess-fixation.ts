import { defineCheck, fail, pass, skip, unknown, type CheckOutcome, type FindingDraft } from '../define-check.js';
import type { LearnedModel } from '../learned-model.js';
import { fingerprint, type Credentials, type ProbeClient } from '../probe-client.js';
import { forgeId } from '../forge-id.js';
import { loginSession, notEvidence, sendLogin } from '../learn-model.js';
import { idVariants } from '../store-tracker.js';

type Attempt = { kind: 'adopted'; finding: FindingDraft } | { kind: 'refused' | 'unknown'; why: string };

/**
 * Sends back an id the server never issued, shaped like the ones it does (WSTG-SESS-03, ZAP 40013),
 * in the session cookie and, when header tokens persist, in the token header. A server that
 * replaces it with a fresh id is safe. Adoption shows as: the forged id echoed back; a store key
 * for it; the same per-session state on a second request with it; or, for cookies, no new id
 * although cookie-less requests always get one. With --login, a session id the server issued is
 * presented on the login request: an id that survives the login is a fixation (WSTG-SESS-03).
 */
export default defineCheck({
  id: 'SESS-FIXATION',
  async run(learned, client) {
    const a = learned.a;
    const attempts: Attempt[] = [];
    if (learned.model.sessionCookie && a?.cookie !== undefined)
      attempts.push(await attempt(learned, client, 'cookie', a.cookie));
    // A client-chosen token is adopted by design (any token gets its own session): forging one proves nothing new.
    if (learned.model.headerToken === 'persists' && learned.model.tokenKind === 'issued' && learned.token !== undefined)
      attempts.push(await attempt(learned, client, 'header', learned.token.value));
    if (client.login && learned.model.sessionCookie && learned.model.cookie === 'persists')
      attempts.push(await atLogin(learned, client));
    if (attempts.length === 0) {
      return skip(
        learned.model.tokenKind === 'client-chosen'
          ? 'no session cookie was issued, and tokens are client-chosen: any token gets its own session, so a forged one proves nothing'
          : 'no session cookie or persisting token was issued, so there is no id shape to forge',
      );
    }
    const adopted = attempts.flatMap((t) => (t.kind === 'adopted' ? [t.finding] : []));
    if (adopted.length > 0) return fail(...adopted);
    const reasons = attempts.map((t) => (t.kind === 'adopted' ? '' : t.why)).join('; ');
    return attempts.every((t) => t.kind === 'refused') ? pass(reasons) : (unknown(reasons) as CheckOutcome);
  },
});

async function attempt(
  learned: LearnedModel,
  client: ProbeClient,
  via: 'cookie' | 'header',
  seen: string,
): Promise<Attempt> {
  const forged = forgeId(seen);
  client.addSecret(forged);
  const what = via === 'cookie' ? `forged ${learned.model.sessionCookie}` : `forged ${client.tokenHeader}`;
  const creds: Credentials = via === 'cookie' ? { cookie: forged } : { headerToken: forged };
  const ex = await client.sendState(`fixation-${via}`, creds);
  const set = client.sessionSetCookie(ex);
  const token = client.tokenOf(ex);
  if (set && set.value !== forged)
    return { kind: 'refused', why: `the ${what} was replaced by a fresh session cookie` };
  if (set || token === forged)
    return {
      kind: 'adopted',
      finding: {
        ex,
        message: `the server accepted a ${what} and sent it back${set ? ' in Set-Cookie' : ' as the session token'}`,
      },
    };
  if (token !== undefined && via === 'header')
    return { kind: 'refused', why: `the ${what} was answered with a fresh token` };
  if (ex.newKeys?.some((k) => idVariants(forged).some((v) => k.endsWith(v)))) {
    return {
      kind: 'adopted',
      finding: { ex, message: `the server stored a session under a ${what} (store key created for it)` },
    };
  }
  // The evidence rule: an error or a redirect shows no session, adopted or not.
  const problem = notEvidence(ex);
  if (problem)
    return ex.response.status === 401 || ex.response.status === 403
      ? { kind: 'refused', why: `the ${what} was rejected (${ex.response.status})` }
      : { kind: 'unknown', why: `the ${what}: ${problem}` };
  if (learned.anonState !== undefined && fingerprint(ex) === learned.anonState) {
    return { kind: 'refused', why: `the ${what} got the answer of a request without a session` };
  }
  if (learned.bodyState) {
    const again = await client.sendState(`fixation-${via}-confirm`, creds);
    const fp = fingerprint(ex);
    if (fingerprint(again) === fp && fp !== learned.a?.state) {
      return {
        kind: 'adopted',
        finding: {
          ex: again,
          message: `the server bound session state to a ${what}: a second request with it saw the same state${ex.newKeys?.length ? ` (and the first created ${ex.newKeys.length} store key)` : ''}`,
        },
      };
    }
    return { kind: 'refused', why: `the ${what} did not keep state across requests` };
  }
  if (via === 'cookie' && learned.model.anonymousMints)
    return {
      kind: 'adopted',
      finding: {
        ex,
        message: `the server kept a ${what} (no new id issued, although requests without a cookie always get one)`,
      },
    };
  return {
    kind: 'unknown',
    why: `the responses do not show whether the ${what} was adopted (try --store or --state-url)`,
  };
}

/**
 * The id before login must not be the id after it: take an id the server issued (anonymously, or
 * from a first login), present it on a second login and see whether the session cookie changes.
 */
async function atLogin(learned: LearnedModel, client: ProbeClient): Promise<Attempt> {
  const name = learned.model.sessionCookie!;
  const before = learned.viaLogin
    ? (await loginSession(client, 'fixation-login-session')).held.cookie
    : client.sessionSetCookie(await client.sendState('fixation-login-session', {}))?.value;
  if (before === undefined) return { kind: 'unknown', why: `no ${name} was issued to present at login` };
  const ex = await sendLogin(client, 'fixation-login', { cookie: before });
  const after = client.sessionSetCookie(ex)?.value;
  if (after !== undefined && after !== before)
    return { kind: 'refused', why: `the login replaced the ${name} it was sent with a new one` };
  if (after === before)
    return {
      kind: 'adopted',
      finding: {
        ex,
        message: `the login kept the ${name} it was sent (the same id was set again): a session id planted before login is the logged-in session`,
      },
    };
  const again = await client.sendState('fixation-login-confirm', { cookie: before });
  const fresh = client.sessionSetCookie(again);
  if (again.response.status >= 400 || (fresh !== undefined && fresh.value !== before)) {
    return {
      kind: 'refused',
      why: `after the login the ${name} it was sent no longer reached a session (${fresh ? 'a new one was issued' : `answered ${again.response.status}`})`,
    };
  }
  if (learned.anonState !== undefined && fingerprint(again) === learned.anonState)
    return {
      kind: 'refused',
      why: `after the login the ${name} it was sent got the answer of a request without a session`,
    };
  return {
    kind: 'adopted',
    finding: {
      ex,
      message: `the login answered ${ex.response.status} without a new ${name}, and the id sent before login still reaches the session after it: the session id is not rotated at login`,
    },
  };
}
