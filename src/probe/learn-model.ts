import { SessctlError } from '../errors.js';
import { fingerprint, type Credentials, type HeldSession, type ProbeContext } from './context.js';
import type { Exchange } from './http-client.js';
import { formatRecipe } from './request-recipe.js';
import type { Persistence } from './types.js';

export type Verdict = { verdict: 'same' | 'other' | 'unknown'; why: string };

const SESSION_NAME = /sess|sid|login|auth|token|connect\.|phpsessid|jsessionid/i;

/**
 * Learns the session model from the target instead of assuming it: two anonymous requests show
 * which cookie is the session cookie (its value differs per request) and whether the body carries
 * per-session state; replays with the cookie, the header token and the body token show which of
 * them bring the same session back; one mixed request shows which wins. An app that makes no
 * session for anonymous requests gets two --login requests instead, when given.
 */
export async function learnModel(ctx: ProbeContext): Promise<void> {
  const a1 = await ctx.sendState('anon-1', {});
  if (a1.response.status >= 500) {
    throw new SessctlError('SESSCTL_TARGET_UNREACHABLE', `${ctx.stateUrl.origin} answered ${a1.response.status} to the baseline request`, { hint: 'the probe needs a working endpoint; try --state-url' });
  }
  const a2 = await ctx.sendState('anon-2', {});
  const { model, learned } = ctx;
  learned.anon = a1;
  model.sessionCookie = ctx.options.sessionCookie ?? pickSessionCookie(a1, a2);
  model.anonymousMints = ctx.sessionSetCookie(a1) !== undefined;
  let a = hold(ctx, a1);
  let b = hold(ctx, a2);
  if (ctx.login && !model.anonymousMints && ctx.tokenOf(a1) === undefined) {
    learned.viaLogin = true;
    if (fingerprint(a1) === fingerprint(a2)) learned.anonState = fingerprint(a1);
    const l1 = await sendLogin(ctx, 'login-1', {});
    const l2 = await sendLogin(ctx, 'login-2', {});
    model.sessionCookie = ctx.options.sessionCookie ?? pickSessionCookie(l1, l2);
    a = await loggedIn(ctx, l1, 'login-1-state');
    b = await loggedIn(ctx, l2, 'login-2-state');
  }
  learned.a = a;
  learned.b = b;
  const bodyVaries = a.state !== b.state;

  if (a.cookie !== undefined) {
    const c = (learned.steps.cookie = await ctx.sendState('cookie', { cookie: a.cookie }));
    if (bodyVaries && fingerprint(c) === a.state) learned.bodyState = true;
    model.cookie = persistence(judge(ctx, c, a, a.cookie));
  }
  if (a.token !== undefined) {
    const h = (learned.steps.header = await ctx.sendState('header', { headerToken: a.token }));
    if (bodyVaries && fingerprint(h) === a.state) learned.bodyState = true;
    model.headerToken = persistence(judge(ctx, h, a));
    const j = (learned.steps.body = await ctx.sendState('body', { bodyToken: a.token }));
    model.bodyToken = persistence(judge(ctx, j, a));
  }
  if (model.cookie === 'persists' && model.headerToken === 'persists' && learned.bodyState && b.token !== undefined && a.cookie !== undefined) {
    const p = (learned.steps.precedence = await ctx.sendState('precedence', { cookie: a.cookie, headerToken: b.token }));
    const fp = fingerprint(p);
    model.precedence = fp === a.state ? 'cookie' : fp === b.state ? 'header' : 'unknown';
  }
  model.stateFrom = learned.bodyState ? 'body' : model.anonymousMints ? 'set-cookie' : 'none';
  model.sessionsFrom = a.cookie === undefined && a.token === undefined ? 'none' : learned.viaLogin ? 'login' : 'anonymous';
}

/**
 * Is the response from the held session? A fresh session cookie says no; a body fingerprint known
 * to identify sessions says yes or no; otherwise "no new session although anonymous requests get
 * one" is the (weaker) yes. A response that depends on nothing of this is `unknown`, never a pass.
 */
export function judge(ctx: ProbeContext, ex: Exchange, held: HeldSession, sentCookie?: string): Verdict {
  // Frameworks that refresh the cookie on every response (rolling) echo the same value: not a new session.
  const minted = ctx.sessionSetCookie(ex);
  const fresh = minted !== undefined && minted.value !== sentCookie;
  if (fresh) return { verdict: 'other', why: 'the server issued a new session cookie' };
  if (ctx.learned.bodyState) {
    return fingerprint(ex) === held.state
      ? { verdict: 'same', why: 'the response body shows the same session state' }
      : { verdict: 'other', why: 'the response body shows a different session state' };
  }
  if (ctx.model.anonymousMints) return { verdict: 'same', why: 'no new session was issued, although requests without credentials get one' };
  return { verdict: 'unknown', why: 'the response does not depend on the session (no session cookie, no per-session body)' };
}

export function persistence(v: Verdict): Persistence {
  return v.verdict === 'same' ? 'persists' : v.verdict === 'other' ? 'not-persisted' : 'unknown';
}

/**
 * A fresh session from --login: its cookie and token from the login response, its state from the
 * state endpoint (a login answer is not the page the other steps compare against).
 */
export async function loginSession(ctx: ProbeContext, step: string): Promise<{ login: Exchange; held: HeldSession }> {
  const login = await sendLogin(ctx, step, {});
  return { login, held: await loggedIn(ctx, login, `${step}-state`) };
}

/** The --login request; a login the target refuses leaves nothing to probe (an error, not a finding). */
export async function sendLogin(ctx: ProbeContext, step: string, creds: Credentials): Promise<Exchange> {
  const recipe = ctx.login!;
  const ex = await ctx.sendRecipe(step, recipe, creds);
  if (ex.response.status >= 400) {
    throw new SessctlError('SESSCTL_TARGET_REFUSED', `the login request ${formatRecipe(recipe)} answered ${ex.response.status}`, { hint: 'check --login: method, path and body (the credentials); a form that needs the page\'s CSRF token takes it as a field set to {csrf}, e.g. csrfmiddlewaretoken={csrf}' });
  }
  return ex;
}

async function loggedIn(ctx: ProbeContext, login: Exchange, step: string): Promise<HeldSession> {
  const { cookie, token } = hold(ctx, login);
  const creds: Credentials = cookie !== undefined ? { cookie } : token !== undefined ? { headerToken: token } : {};
  const state = await ctx.sendState(step, creds);
  return { cookie, token, state: fingerprint(state), ex: state };
}

/** A session as a response hands it out: its cookie, its token (else the cookie value) and its state. */
export function hold(ctx: ProbeContext, ex: Exchange): HeldSession {
  const cookie = ctx.sessionSetCookie(ex)?.value;
  return { cookie, token: ctx.tokenOf(ex) ?? cookie, state: fingerprint(ex), ex };
}

/** The cookie whose value changes from one anonymous request to the next; names break ties. */
export function pickSessionCookie(a: Exchange, b: Exchange): string | null {
  const live = (ex: Exchange) => ex.response.setCookies.filter((c) => !c.deletion && c.value);
  const second = new Map(live(b).map((c) => [c.name, c.value]));
  const varying = live(a).filter((c) => second.has(c.name) && second.get(c.name) !== c.value);
  const byName = (list: typeof varying) => list.find((c) => SESSION_NAME.test(c.name)) ?? list[0];
  return (byName(varying) ?? live(a).find((c) => SESSION_NAME.test(c.name)))?.name ?? null;
}
