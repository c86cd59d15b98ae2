import type { Exchange } from './http-client.js';
import type { Mechanism } from './options.js';
import type { ProbeModel } from './types.js';

/** A session the learner holds: how to present it and what its state looked like. */
export interface HeldSession {
  cookie: string | undefined;
  token: string | undefined;
  state: string;
  ex: Exchange;
}

/** What the model learner found while learning: mutable until learnModel hands it over. */
export interface LearnedDraft {
  model: ProbeModel;
  a?: HeldSession;
  b?: HeldSession;
  /** Bodies differ between sessions and match within one: the body fingerprint identifies a session. */
  bodyState: boolean;
  /** The first anonymous request (SESS-ANON-MINT looks at it even when the held sessions came from --login). */
  anon?: Exchange;
  /** The held sessions came from --login because anonymous requests got none. */
  viaLogin: boolean;
  /** With --login: the (constant) answer to a request without a session, so "treated as no session" is recognisable. */
  anonState?: string;
  /**
   * With --login, when both logins got the same answer (one user logged in twice) and it differs
   * from the anonymous one: that answer shows "a logged-in session", the state the replays compare
   * against where the body cannot tell two sessions apart.
   */
  loginState?: string;
  steps: Partial<Record<'cookie' | 'header' | 'body' | 'precedence', Exchange>>;
  /** Why each mechanism's persistence came out as it did (the persistence checks report it). */
  why: Partial<Record<Mechanism, string>>;
  /** Every request the learner identified by a token, per mechanism (SESS-API-NO-COOKIE reads their Set-Cookie). */
  tokenRequests: Partial<Record<'header' | 'body', Exchange[]>>;
  /** The token session later checks present: the issued token of session a, or the client-chosen one. */
  token?: { value: string; state: string };
}

/**
 * The learned model as data: what the report calls the model plus what the learner saw on the way
 * (the held sessions, the deciding exchanges, the token it used). Frozen once learnModel returns,
 * so a check reads it and cannot change what the next check sees.
 */
export type LearnedModel = DeepReadonly<LearnedDraft>;

type DeepReadonly<T> = T extends Exchange ? T : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export function emptyDraft(): LearnedDraft {
  return {
    model: {
      sessionCookie: null,
      cookie: 'unknown',
      headerToken: 'unknown',
      bodyToken: 'unknown',
      precedence: 'unknown',
      tokenKind: 'unknown',
      storeKeys: null,
      ttlS: null,
      stateFrom: 'none',
      anonymousMints: false,
      sessionsFrom: 'none',
      framework: null,
    },
    bodyState: false,
    viaLogin: false,
    steps: {},
    why: {},
    tokenRequests: {},
  };
}

/** Freezes the draft and everything it holds except the recorded exchanges (the client's record). */
export function freezeLearned(draft: LearnedDraft): LearnedModel {
  const freeze = (o: object | undefined) => o && Object.freeze(o);
  freeze(draft.model.storeKeys ?? undefined);
  freeze(draft.model);
  freeze(draft.a);
  freeze(draft.b);
  freeze(draft.steps);
  freeze(draft.why);
  for (const list of Object.values(draft.tokenRequests)) freeze(list);
  freeze(draft.tokenRequests);
  freeze(draft.token);
  return Object.freeze(draft);
}
