import { describe, expect, it } from 'vitest';
import { planCommit, type CommitState } from './plan.js';

const o = { ttlMs: 60_000, rolling: true, touchAfterMs: 6_000, persistentCookie: false };
const state = (s: Partial<CommitState>): CommitState => ({
  stored: false,
  dropped: false,
  empty: true,
  changed: false,
  transport: 'none',
  remainingTtlMs: undefined,
  sinceRefreshMs: undefined,
  ...s,
});
const nothing = { write: false, delete: false, touch: false, cookie: 'none', token: false };

describe('planCommit', () => {
  it('does nothing for an empty new session, whatever the transport', () => {
    for (const transport of ['none', 'cookie', 'header', 'body'] as const)
      expect(planCommit(state({ transport }), o)).toEqual(nothing);
  });

  it('re-issues a token signed with an older secret in the token header, as a cookie is re-set', () => {
    for (const transport of ['header', 'body'] as const) {
      expect(planCommit(state({ stored: true, empty: false, transport, resign: true }), o)).toMatchObject({
        token: true,
        cookie: 'none',
      });
      expect(planCommit(state({ stored: true, empty: false, transport }), o)).toMatchObject({ token: false });
    }
  });

  it('stores a new session with a value: cookie for cookie clients, token header for token clients', () => {
    expect(planCommit(state({ empty: false, changed: true }), o)).toEqual({ ...nothing, write: true, cookie: 'set' });
    expect(planCommit(state({ empty: false, changed: true, transport: 'header' }), o)).toEqual({
      ...nothing,
      write: true,
      token: true,
    });
    expect(planCommit(state({ empty: false, changed: true, transport: 'body' }), o)).toEqual({
      ...nothing,
      write: true,
      token: true,
    });
  });

  it('rewrites a changed stored session without a new cookie, unless the cookie is persistent', () => {
    const s = state({ stored: true, empty: false, changed: true, transport: 'cookie', remainingTtlMs: 59_000 });
    expect(planCommit(s, o)).toEqual({ ...nothing, write: true });
    expect(planCommit(s, { ...o, persistentCookie: true })).toEqual({ ...nothing, write: true, cookie: 'set' });
  });

  it('re-issues a cookie signed with an older secret', () => {
    expect(
      planCommit(state({ stored: true, empty: false, transport: 'cookie', remainingTtlMs: 59_000, resign: true }), o),
    ).toEqual({ ...nothing, cookie: 'set' });
  });

  it('touches an unchanged session only once touchAfter has passed', () => {
    const s = (remainingTtlMs: number) => state({ stored: true, empty: false, transport: 'cookie', remainingTtlMs });
    expect(planCommit(s(59_000), o).touch).toBe(false);
    expect(planCommit(s(54_001), o).touch).toBe(false);
    expect(planCommit(s(53_999), o).touch).toBe(true);
    expect(planCommit(s(1_000), { ...o, rolling: false }).touch).toBe(false);
  });

  it('without a TTL from the store, touches by the time since this process last refreshed', () => {
    const s = (sinceRefreshMs: number | undefined) =>
      state({ stored: true, empty: false, transport: 'header', sinceRefreshMs });
    expect(planCommit(s(100), o).touch).toBe(false);
    expect(planCommit(s(6_000), o).touch).toBe(true);
    expect(planCommit(s(undefined), o).touch).toBe(true);
  });

  it('deletes a stored session that became empty and clears a cookie client’s cookie', () => {
    expect(planCommit(state({ stored: true, changed: true, transport: 'cookie' }), o)).toEqual({
      ...nothing,
      delete: true,
      cookie: 'clear',
    });
    expect(planCommit(state({ stored: true, changed: true, transport: 'header' }), o)).toEqual({
      ...nothing,
      delete: true,
    });
  });

  it('after destroy or regenerate: clears the cookie when empty, sets a new one when it holds data', () => {
    expect(planCommit(state({ dropped: true, transport: 'cookie' }), o)).toEqual({ ...nothing, cookie: 'clear' });
    expect(planCommit(state({ dropped: true, empty: false, changed: false, transport: 'cookie' }), o)).toEqual({
      ...nothing,
      write: true,
      cookie: 'set',
    });
    expect(planCommit(state({ dropped: true, empty: false, transport: 'header' }), o)).toEqual({
      ...nothing,
      write: true,
      token: true,
    });
  });
});
