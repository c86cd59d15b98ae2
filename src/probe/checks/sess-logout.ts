import { SessctlError } from '../../errors.js';
import { defineCheck, fail, pass, skip, unknown, type FindingDraft } from '../define-check.js';
import type { HeldSession, LearnedModel } from '../learned-model.js';
import { fingerprint, type Credentials, type ProbeClient } from '../probe-client.js';
import type { Exchange } from '../http-client.js';
import { hold, judge, loginSession, madeUpToken } from '../learn-model.js';
import { formatRecipe, parseLogoutRecipe, type LogoutRecipe } from '../request-recipe.js';
import type { Mechanism } from '../options.js';
import { idVariants } from '../store-tracker.js';

type Round = { kind: 'kept'; finding: FindingDraft } | { kind: 'ended' | 'unknown'; why: string };

/**
 * WSTG-SESS-06: log a session out with the --logout recipe, then replay its old credentials. The
 * session must be gone server-side, not just forgotten by the client (a logout that only expires
 * the cookie leaves a stolen copy working). Each mechanism the model found persisting gets its own
 * fresh session, so the learned session stays alive for SESS-TTL, and "the same session" is decided
 * exactly as the persistence checks decide it (judge()). With --login that fresh session is a
 * logged-in one.
 */
export default defineCheck({
  id: 'SESS-LOGOUT',
  async run(learned, client) {
    if (client.options.logout === undefined)
      return skip(
        'pass --logout "POST /logout" (the request that ends a session) to check that logout invalidates it server-side',
      );
    const recipe = parseLogoutRecipe(client.options.logout, client.target);
    const vias = mechanisms(learned, recipe);
    if (vias.length === 0)
      return unknown('no session cookie or token was seen to persist, so there is no session to log out');
    const rounds: Round[] = [];
    for (const via of vias) rounds.push(await round(learned, client, recipe, via));
    const kept = rounds.flatMap((r) => (r.kind === 'kept' ? [r.finding] : []));
    if (kept.length > 0) return fail(...kept);
    const reasons = rounds.map((r) => (r.kind === 'kept' ? '' : r.why)).join('; ');
    return rounds.every((r) => r.kind === 'ended') ? pass(reasons) : unknown(reasons);
  },
});

/** The mechanisms the model says keep a session; the body token only when no header token does (one token round). */
function mechanisms(learned: LearnedModel, recipe: LogoutRecipe): Mechanism[] {
  const m = learned.model;
  const out: Mechanism[] = [];
  if (m.cookie === 'persists') out.push('cookie');
  if (m.headerToken === 'persists') out.push('header');
  else if (m.bodyToken === 'persists' && recipe.method !== 'GET') out.push('body');
  return out;
}

async function round(learned: LearnedModel, client: ProbeClient, recipe: LogoutRecipe, via: Mechanism): Promise<Round> {
  // With --login the session to log out is a logged-in one, as a user's would be.
  const step = `logout-${via}-session`;
  const { minted, held } =
    via !== 'cookie' && learned.model.tokenKind === 'client-chosen'
      ? await chosen(client, step, via)
      : client.login
        ? await loginSession(client, step).then((s) => ({ minted: s.login, held: s.held }))
        : await anonymous(client, step);
  const creds = credentials(held, via);
  const what =
    via === 'cookie'
      ? `session cookie ${learned.model.sessionCookie}`
      : via === 'header'
        ? `${client.tokenHeader} token`
        : `JSON body ${client.options.tokenField}`;
  if (!creds) return { kind: 'unknown', why: `a fresh request got no ${what} to log out` };
  const out = await client.sendAs(`logout-${via}`, recipe.method, recipe.url.href, creds);
  if (out.response.status >= 400) {
    throw new SessctlError(
      'SESSCTL_TARGET_REFUSED',
      `the logout request ${formatRecipe(recipe)} answered ${out.response.status} (with the ${what})`,
      { hint: 'check --logout: method, path, and whether it needs a CSRF token' },
    );
  }
  const replay = await client.sendState(`logout-${via}-replay`, creds);
  const store = storeNote(minted, out, held);
  const status = replay.response.status;
  if (status === 401 || status === 403 || (status >= 400 && held.ex.response.status < 400)) {
    return { kind: 'ended', why: `after ${formatRecipe(recipe)} the old ${what} was rejected (${status})${store}` };
  }
  const v = judge(learned, client, replay, held, creds.cookie);
  if (v.verdict === 'other')
    return {
      kind: 'ended',
      why: `after ${formatRecipe(recipe)} the old ${what} no longer reached its session: ${v.why}${store}`,
    };
  if (v.verdict === 'unknown') return { kind: 'unknown', why: `after ${formatRecipe(recipe)}: ${v.why}` };
  return {
    kind: 'kept',
    finding: {
      ex: replay,
      message: `after ${formatRecipe(recipe)} (answered ${out.response.status}) the old ${what} still reached the same session: ${v.why}${store}`,
    },
  };
}

async function anonymous(client: ProbeClient, step: string): Promise<{ minted: Exchange; held: HeldSession }> {
  const minted = await client.sendState(step, {});
  return { minted, held: hold(client, minted) };
}

/** A client-chosen token's session: the first request with a made-up token creates it. */
async function chosen(
  client: ProbeClient,
  step: string,
  via: 'header' | 'body',
): Promise<{ minted: Exchange; held: HeldSession }> {
  const token = madeUpToken(client);
  const minted = await client.sendState(step, via === 'header' ? { headerToken: token } : { bodyToken: token });
  return { minted, held: { cookie: undefined, token, state: fingerprint(minted), ex: minted } };
}

function credentials(held: HeldSession, via: Mechanism): Credentials | undefined {
  if (via === 'cookie') return held.cookie === undefined ? undefined : { cookie: held.cookie };
  if (held.token === undefined) return undefined;
  return via === 'header' ? { headerToken: held.token } : { bodyToken: held.token };
}

/** With --store: did the logout delete the key this session created (or that carries its id)? */
function storeNote(minted: Exchange, out: Exchange, held: HeldSession): string {
  const removed = out.removedKeys;
  if (!removed) return '';
  const ids = [held.cookie, held.token].filter((v): v is string => v !== undefined).flatMap(idVariants);
  const own = removed.some((k) => minted.newKeys?.includes(k) || ids.some((v) => k.endsWith(v)));
  const n = `${removed.length} key${removed.length === 1 ? '' : 's'} removed`;
  if (own) return ` (store: the logout deleted the session's key, ${n})`;
  return removed.length > 0
    ? ` (store: the session's key was not among the ${n})`
    : ' (store: the logout deleted no key)';
}
