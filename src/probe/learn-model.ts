import { randomBytes } from 'node:crypto';
import { SessctlError } from '../errors.js';
import { emptyDraft, freezeLearned, type HeldSession, type LearnedDraft, type LearnedModel } from './learned-model.js';
import { fingerprint, type Credentials, type ProbeClient } from './probe-client.js';
import type { Exchange } from './http-client.js';
import type { Mechanism } from './options.js';
import { formatRecipe } from './request-recipe.js';
import { storeKeys } from './store-keys.js';
import type { Persistence } from './types.js';

export type Verdict = { verdict: 'same' | 'other' | 'unknown'; why: string };

/** What judge() reads of the model: during learning the draft, afterwards the frozen model. */
export type JudgeView = {
  readonly bodyState: boolean;
  readonly loginState?: string;
  readonly anonState?: string;
  readonly model: { readonly anonymousMints: boolean };
};

const SESSION_NAME = /sess|sid|login|auth|token|connect\.|phpsessid|jsessionid/i;

/**
 * Learns the session model from the target instead of assuming it: two anonymous requests show
 * which cookie is the session cookie (its value differs per request) and whether the body carries
 * per-session state; replays with the cookie, the header token and the body token show which of
 * them bring the same session back; one mixed request shows which wins. An app that makes no
 * session for anonymous requests gets two --login requests instead, when given.
 */
export async function learnModel(client: ProbeClient, d: LearnedDraft = emptyDraft()): Promise<LearnedModel> {
  const a1 = await client.sendState('anon-1', {});
  if (a1.response.status >= 500) {
    throw new SessctlError(
      'SESSCTL_TARGET_UNREACHABLE',
      `${client.stateUrl.origin} answered ${a1.response.status} to the baseline request`,
      { hint: 'the probe needs a working endpoint; try --state-url' },
    );
  }
  const a2 = await client.sendState('anon-2', {});
  const { model } = d;
  const learned = d;
  learned.anon = a1;
  model.sessionCookie = client.sessionCookie = client.options.sessionCookie ?? pickSessionCookie(a1, a2);
  model.anonymousMints = client.sessionSetCookie(a1) !== undefined;
  let a = hold(client, a1);
  let b = hold(client, a2);
  if (client.login && !model.anonymousMints && client.tokenOf(a1) === undefined) {
    learned.viaLogin = true;
    if (fingerprint(a1) === fingerprint(a2)) learned.anonState = fingerprint(a1);
    const l1 = await sendLogin(client, 'login-1', {});
    const l2 = await sendLogin(client, 'login-2', {});
    model.sessionCookie = client.sessionCookie = client.options.sessionCookie ?? pickSessionCookie(l1, l2);
    a = await loggedIn(client, l1, 'login-1-state');
    b = await loggedIn(client, l2, 'login-2-state');
    // One user logged in twice answers the same: the body cannot tell the two sessions apart, but
    // "logged in" against the constant anonymous answer still shows whether a session came back.
    if (a.state === b.state && learned.anonState !== undefined && a.state !== learned.anonState && !notEvidence(a.ex))
      learned.loginState = a.state;
  }
  learned.a = a;
  learned.b = b;
  const bodyVaries = a.state !== b.state;

  if (a.cookie !== undefined) {
    const c = (learned.steps.cookie = await client.sendState('cookie', { cookie: a.cookie }));
    if (bodyVaries && fingerprint(c) === a.state && !notEvidence(c)) learned.bodyState = true;
    record(d, 'cookie', c, judge(d, client, c, a, a.cookie));
  }
  // Issued: the token the server handed out (or the cookie's id) must bring session a back.
  if (a.token !== undefined) {
    const h = (learned.steps.header = await client.sendState('header', { headerToken: a.token }));
    if (bodyVaries && fingerprint(h) === a.state && !notEvidence(h)) learned.bodyState = true;
    record(d, 'header', h, judge(d, client, h, a));
    const j = (learned.steps.body = await client.sendState('body', { bodyToken: a.token }));
    record(d, 'body', j, judge(d, client, j, a));
    if (model.headerToken === 'persists' || model.bodyToken === 'persists') {
      model.tokenKind = 'issued';
      learned.token = { value: a.token, state: a.state };
    }
  }
  // Client-chosen: only when no issued token persisted and session state shows in the body, the one
  // place that tells two token sessions apart when the server answers token clients without a cookie.
  if (model.tokenKind === 'unknown' && bodyVaries) await chosenTokens(d, client, a, b);

  const token = learned.token;
  if (model.cookie === 'persists' && model.headerToken === 'persists' && learned.bodyState && a.cookie !== undefined) {
    // Cookie of session a with the token of another session: whose state comes back?
    const other =
      model.tokenKind === 'issued' ? (b.token === undefined ? undefined : { value: b.token, state: b.state }) : token;
    if (other !== undefined) {
      const p = (learned.steps.precedence = await client.sendState('precedence', {
        cookie: a.cookie,
        headerToken: other.value,
      }));
      const fp = fingerprint(p);
      model.precedence = notEvidence(p)
        ? 'unknown'
        : fp === a.state
          ? 'cookie'
          : fp === other.state
            ? 'header'
            : 'unknown';
    }
  }
  model.stateFrom =
    learned.bodyState || learned.loginState !== undefined ? 'body' : model.anonymousMints ? 'set-cookie' : 'none';
  model.sessionsFrom =
    a.cookie === undefined && a.token === undefined ? 'none' : learned.viaLogin ? 'login' : 'anonymous';
  if (client.store) model.storeKeys = storeKeys(model, client);
  return freezeLearned(d);
}

const RANK: Record<Persistence, number> = { unknown: 0, 'not-persisted': 1, persists: 2 };
const MODEL_KEY = { cookie: 'cookie', header: 'headerToken', body: 'bodyToken' } as const satisfies Record<
  Mechanism,
  string
>;

/** Sets a mechanism's persistence: a persisting verdict is never overwritten, an unknown one always is. */
function record(d: LearnedDraft, m: Mechanism, ex: Exchange, v: Verdict): void {
  const key = MODEL_KEY[m];
  const now = persistence(v);
  // A second experiment only replaces the first when it shows more: persists over not-persisted over unknown.
  if (d.why[m] !== undefined && RANK[now] <= RANK[d.model[key]]) return;
  d.model[key] = now;
  d.why[m] = v.why;
  if (m !== 'cookie') d.steps[m] = ex;
}

/**
 * A token the client makes up, sent twice in the token header: the two answers compared with each
 * other (never with the cookie session) show whether it keeps a session; a second made-up token must
 * get another state, or the answer does not come from a session at all. Then the same token in the
 * JSON body: reaching the header's session shows both share it; else it is replayed on its own.
 */
async function chosenTokens(d: LearnedDraft, client: ProbeClient, a: HeldSession, b: HeldSession): Promise<void> {
  const { model } = d;
  const learned = d;
  const t = madeUpToken(client);
  const requests: Exchange[] = [];
  const send = async (step: string, creds: Credentials) => {
    const ex = await client.sendState(step, creds);
    requests.push(ex);
    return ex;
  };
  const anonStates = new Set([a.state, b.state]);

  const h1 = await send('token-1', { headerToken: t });
  let header: Verdict = fresh(client, h1) ?? { verdict: 'unknown', why: '' };
  let h1State: string | undefined;
  if (header.why === '') {
    const h2 = await send('token-2', { headerToken: t });
    header = fresh(client, h2) ?? notSame(d, h1, h2, 'the same made-up token twice in the header');
    if (header.verdict === 'same') {
      const hu = await send('token-other', { headerToken: madeUpToken(client) });
      header =
        fresh(client, hu) ??
        (notEvidence(hu)
          ? { verdict: 'unknown', why: notEvidence(hu)! }
          : fingerprint(hu) === fingerprint(h1)
            ? {
                verdict: 'unknown',
                why: 'another made-up token got the same answer: the answer does not come from a session',
              }
            : {
                verdict: 'same',
                why: 'the same made-up token twice in the header showed the same session state, another token another state (client-chosen token)',
              });
      if (header.verdict === 'same') h1State = fingerprint(h1);
    }
  }
  learned.tokenRequests.header = requests.slice();
  record(d, 'header', requests.at(-1)!, header);

  const j1 = await send('token-body', { bodyToken: t });
  let body: Verdict | undefined =
    fresh(client, j1) ?? (notEvidence(j1) ? { verdict: 'unknown', why: notEvidence(j1)! } : undefined);
  if (body === undefined && h1State !== undefined && fingerprint(j1) === h1State) {
    body = {
      verdict: 'same',
      why: 'the made-up token in the JSON body reached the session the same token has in the header (they share it)',
    };
  }
  if (body === undefined) {
    const j2 = await send('token-body-2', { bodyToken: t });
    body = fresh(client, j2) ?? notSame(d, j1, j2, 'the same made-up token twice in the JSON body');
    // Equal answers that are also an anonymous session's state say nothing about the token.
    if (body.verdict === 'same' && (anonStates.has(fingerprint(j1)) || fingerprint(j1) === h1State))
      body = { verdict: 'unknown', why: 'the JSON body token got an answer that does not tell sessions apart' };
  }
  learned.tokenRequests.body = requests.filter((ex) => ex.step.startsWith('token-body'));
  record(d, 'body', requests.at(-1)!, body);

  if (model.headerToken === 'persists' || model.bodyToken === 'persists') {
    model.tokenKind = 'client-chosen';
    learned.bodyState = true;
    learned.token = { value: t, state: h1State ?? fingerprint(requests.at(-1)!) };
  }
}

/** A token no server issued: random, the length of a typical issued token, registered as a secret. */
export function madeUpToken(client: ProbeClient): string {
  const t = randomBytes(24).toString('base64url');
  client.addSecret(t);
  return t;
}

/**
 * A token request answered with a fresh session cookie was treated as a request without a session
 * (whatever its status: the session layer ran); an error or a redirect without one shows nothing.
 */
function fresh(client: ProbeClient, ex: Exchange): Verdict | undefined {
  if (client.sessionSetCookie(ex)) return { verdict: 'other', why: 'the server issued a new session cookie' };
  const problem = notEvidence(ex);
  return problem ? { verdict: 'unknown', why: problem } : undefined;
}

/** Two answers to the same token: equal is a session kept; different counts only where bodies are known to show session state. */
function notSame(d: LearnedDraft, x: Exchange, y: Exchange, what: string): Verdict {
  const problem = notEvidence(x) ?? notEvidence(y);
  if (problem) return { verdict: 'unknown', why: problem };
  if (fingerprint(x) === fingerprint(y)) return { verdict: 'same', why: `${what} showed the same session state` };
  return d.bodyState
    ? { verdict: 'other', why: `${what} showed different session states` }
    : {
        verdict: 'unknown',
        why: `${what} got different answers, and nothing showed that the answer carries session state`,
      };
}

/**
 * The evidence rule: an error answer or a redirect (to a login page, typically) shows no session
 * state, so it never proves that a session persists (a fresh session cookie on it still shows a new session).
 */
export function notEvidence(ex: Exchange): string | undefined {
  const { status } = ex.response;
  const what = `${ex.request.method} ${new URL(ex.request.url).pathname}`;
  if (status >= 400) return `${what} answered ${status}: an error answer is no evidence of a session`;
  if (status >= 300) {
    const location = String(ex.response.headers.location ?? '');
    return `${what} was redirected (${status}${location ? ` to ${location}` : ''}): a redirect is no evidence of a session`;
  }
  return undefined;
}

/**
 * Is the response from the held session? A fresh session cookie says no; a body fingerprint known
 * to identify sessions says yes or no; otherwise "no new session although anonymous requests get
 * one" is the (weaker) yes. A response that depends on nothing of this is `unknown`, never a pass,
 * and so is an error answer or a redirect without a fresh session cookie (the evidence rule).
 */
export function judge(
  learned: JudgeView,
  client: ProbeClient,
  ex: Exchange,
  held: HeldSession,
  sentCookie?: string,
): Verdict {
  // Frameworks that refresh the cookie on every response (rolling) echo the same value: not a new session.
  const minted = client.sessionSetCookie(ex);
  const fresh = minted !== undefined && minted.value !== sentCookie;
  if (fresh) return { verdict: 'other', why: 'the server issued a new session cookie' };
  const problem = notEvidence(ex);
  if (problem) return { verdict: 'unknown', why: problem };
  if (learned.bodyState) {
    return fingerprint(ex) === held.state
      ? { verdict: 'same', why: 'the response body shows the same session state' }
      : { verdict: 'other', why: 'the response body shows a different session state' };
  }
  if (learned.loginState !== undefined) {
    const fp = fingerprint(ex);
    if (fp === learned.loginState)
      return {
        verdict: 'same',
        why: 'the response shows the logged-in state, which a request without the session does not get',
      };
    if (fp === learned.anonState)
      return { verdict: 'other', why: 'the response is the answer to a request without a session' };
  }
  if (learned.model.anonymousMints)
    return { verdict: 'same', why: 'no new session was issued, although requests without credentials get one' };
  return {
    verdict: 'unknown',
    why: 'the response does not depend on the session (no session cookie, no per-session body)',
  };
}

/** An answer that says the credentials reach no session any more: 401/403, or an error or redirect where the session had a normal answer. */
export function rejected(ex: Exchange, held: HeldSession): boolean {
  const status = ex.response.status;
  const before = held.ex.response.status;
  return (
    status === 401 ||
    status === 403 ||
    (status >= 400 && before < 400) ||
    (status >= 300 && status < 400 && (before < 300 || before >= 400))
  );
}

export function persistence(v: Verdict): Persistence {
  return v.verdict === 'same' ? 'persists' : v.verdict === 'other' ? 'not-persisted' : 'unknown';
}

/**
 * A fresh session from --login: its cookie and token from the login response, its state from the
 * state endpoint (a login answer is not the page the other steps compare against).
 */
export async function loginSession(client: ProbeClient, step: string): Promise<{ login: Exchange; held: HeldSession }> {
  const login = await sendLogin(client, step, {});
  return { login, held: await loggedIn(client, login, `${step}-state`) };
}

/** The --login request; a login the target refuses leaves nothing to probe (an error, not a finding). */
export async function sendLogin(client: ProbeClient, step: string, creds: Credentials): Promise<Exchange> {
  const recipe = client.login!;
  const ex = await client.sendRecipe(step, recipe, creds);
  if (ex.response.status >= 400) {
    throw new SessctlError(
      'SESSCTL_TARGET_REFUSED',
      `the login request ${formatRecipe(recipe)} answered ${ex.response.status}`,
      {
        hint: "check --login: method, path and body (the credentials); a form that needs the page's CSRF token takes it as a field set to {csrf}, e.g. csrfmiddlewaretoken={csrf}",
      },
    );
  }
  return ex;
}

async function loggedIn(client: ProbeClient, login: Exchange, step: string): Promise<HeldSession> {
  const { cookie, token } = hold(client, login);
  const creds: Credentials = cookie !== undefined ? { cookie } : token !== undefined ? { headerToken: token } : {};
  const state = await client.sendState(step, creds);
  return { cookie, token, state: fingerprint(state), ex: state };
}

/** A session as a response hands it out: its cookie, its token (else the cookie value) and its state. */
export function hold(client: ProbeClient, ex: Exchange): HeldSession {
  const cookie = client.sessionSetCookie(ex)?.value;
  return { cookie, token: client.tokenOf(ex) ?? cookie, state: fingerprint(ex), ex };
}

/** The cookie whose value changes from one anonymous request to the next; names break ties. */
export function pickSessionCookie(a: Exchange, b: Exchange): string | null {
  const live = (ex: Exchange) => ex.response.setCookies.filter((c) => !c.deletion && c.value);
  const second = new Map(live(b).map((c) => [c.name, c.value]));
  const varying = live(a).filter((c) => second.has(c.name) && second.get(c.name) !== c.value);
  const byName = (list: typeof varying) => list.find((c) => SESSION_NAME.test(c.name)) ?? list[0];
  return (byName(varying) ?? live(a).find((c) => SESSION_NAME.test(c.name)))?.name ?? null;
}
