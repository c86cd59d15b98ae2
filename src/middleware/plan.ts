import type { Transport } from './types.js';

/** The facts commit decides on, gathered from the session at the end of a request. */
export interface CommitState {
  /** The key loaded for this request still exists (not destroyed or regenerated away). */
  stored: boolean;
  /** This request deleted a stored key (destroy or regenerate). */
  dropped: boolean;
  /** The session holds no value. */
  empty: boolean;
  /** The data differs from what was loaded. */
  changed: boolean;
  transport: Transport;
  /** The cookie or token verified only with an older secret, so it is re-issued signed with the current one. */
  resign?: boolean;
  /** Remaining TTL the store reported at load (ms), when it can. */
  remainingTtlMs: number | undefined;
  /** When the store cannot report TTLs: ms since this process last refreshed the key, if it did. */
  sinceRefreshMs: number | undefined;
}

export interface PlanOptions {
  ttlMs: number;
  rolling: boolean;
  touchAfterMs: number;
  persistentCookie: boolean;
}

export interface CommitPlan {
  write: boolean;
  delete: boolean;
  touch: boolean;
  cookie: 'set' | 'clear' | 'none';
  /** Send the token header (a token client's id is new or rotated, or its token was signed with an older secret). */
  token: boolean;
}

const isTokenTransport = (t: Transport) => t === 'header' || t === 'body';

/** Store the payload: a new session that holds a value, or a stored one whose data changed. */
export function shouldSave(s: CommitState): boolean {
  return !s.empty && (!s.stored || s.changed);
}

/** A stored session emptied by this request is deleted, never kept as an empty key. */
export function shouldDelete(s: CommitState): boolean {
  return s.stored && s.empty;
}

/**
 * Refresh the TTL of an unchanged stored session, but only once `touchAfter` of it has passed:
 * by the store's remaining TTL when it reports one, else by this process's last refresh.
 */
export function shouldTouch(s: CommitState, o: PlanOptions): boolean {
  if (!o.rolling || !s.stored || s.empty || s.changed) return false;
  if (s.remainingTtlMs !== undefined) return s.remainingTtlMs < o.ttlMs - o.touchAfterMs;
  return s.sinceRefreshMs === undefined || s.sinceRefreshMs >= o.touchAfterMs;
}

/**
 * Set-Cookie only for cookie (or not yet identified) clients, and only when the id is new, or a
 * persistent cookie's lifetime was refreshed; clear it when the session went away. Token clients
 * never get a cookie.
 */
export function shouldSetCookie(
  s: CommitState,
  o: PlanOptions,
  saved: boolean,
  touched: boolean,
): CommitPlan['cookie'] {
  if (isTokenTransport(s.transport)) return 'none';
  if (saved && !s.stored) return 'set';
  if (s.stored && !s.empty && (s.resign || (o.persistentCookie && (saved || touched)))) return 'set';
  if ((s.dropped || shouldDelete(s)) && s.empty && s.transport === 'cookie') return 'clear';
  return 'none';
}

/** Everything commit will do, decided before any IO. */
export function planCommit(s: CommitState, o: PlanOptions): CommitPlan {
  const write = shouldSave(s);
  const touch = shouldTouch(s, o);
  return {
    write,
    delete: shouldDelete(s),
    touch,
    cookie: shouldSetCookie(s, o, write, touch),
    token: isTokenTransport(s.transport) && ((write && !s.stored) || (s.stored && !s.empty && s.resign === true)),
  };
}
