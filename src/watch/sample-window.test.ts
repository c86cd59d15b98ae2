import { describe, expect, it } from 'vitest';
import type { Observation } from './observe.js';
import { SampleWindow } from './sample-window.js';
import { UNATTRIBUTED_PREFIX } from './types.js';

const obs = (prefix: string, o: Partial<Observation> = {}): Observation => ({
  prefix,
  framework: prefix === 'sess:' ? 'express-session' : 'generic',
  newest: false,
  recent: o.newest ?? false,
  expiring: false,
  empty: undefined,
  neverRead: undefined,
  ...o,
});

const add = (w: SampleWindow, n: number, o: Observation) => {
  for (let i = 0; i < n; i++) w.add(o);
};

describe('SampleWindow', () => {
  it('gives each prefix its share of the newest keys of the counted creations, with no error when every key was read', () => {
    const w = new SampleWindow(6);
    add(w, 75, obs('sess:', { newest: true, empty: true, neverRead: true }));
    add(w, 25, obs('app:sess_', { newest: true, empty: false, neverRead: false }));
    add(w, 100, obs('sess:'));
    const { prefixes } = w.close({ keys: 200, createdPerS: 40, expiredPerS: 0 });
    const sess = prefixes.find((p) => p.prefix === 'sess:')!;
    const app = prefixes.find((p) => p.prefix === 'app:sess_')!;
    expect(sess).toMatchObject({
      createdPerS: 30,
      error: 0,
      sessions: 175,
      sessionsError: 0,
      emptyShare: 1,
      sampled: 175,
    });
    expect(app).toMatchObject({ createdPerS: 10, error: 0, sessions: 25, emptyShare: 0, neverReadShare: 0 });
  });

  it('states a sampling error when the sample saw a fraction of the keyspace', () => {
    const w = new SampleWindow(6);
    add(w, 30, obs('sess:', { newest: true }));
    add(w, 10, obs('app:sess_', { newest: true }));
    add(w, 60, obs('sess:'));
    const { prefixes } = w.close({ keys: 100_000, createdPerS: 40, expiredPerS: 0 });
    const sess = prefixes.find((p) => p.prefix === 'sess:')!;
    // 30 of 40 newest, Agresti–Coull: p̃ = 31.92/43.84, 1.96 · 40/s · √(p̃(1−p̃)/43.84) ≈ 5.27/s
    expect(sess.createdPerS).toBe(30);
    expect(sess.error).toBeCloseTo(5.27, 1);
    expect(sess.sessionsError).toBeGreaterThan(0);
  });

  it("gives this interval's creations to the keys created within about an interval when there are enough", () => {
    const w = new SampleWindow(6);
    // A burst of app:sess_ keys 20 s ago is still among the newest, but minted nothing lately.
    add(w, 20, obs('app:sess_', { newest: true, recent: false }));
    add(w, 10, obs('sess:', { newest: true, recent: true }));
    const { prefixes } = w.close({ keys: 30, createdPerS: 10, expiredPerS: 0 });
    expect(prefixes.find((p) => p.prefix === 'sess:')).toMatchObject({ createdPerS: 10 });
    expect(prefixes.find((p) => p.prefix === 'app:sess_')).toMatchObject({ createdPerS: 0 });
  });

  it('does not call a share of a few keys certain', () => {
    const w = new SampleWindow(6);
    add(w, 3, obs('sess:', { newest: true }));
    add(w, 97, obs('sess:'));
    const [sess] = w.close({ keys: 100_000, createdPerS: 50, expiredPerS: 0 }).prefixes;
    expect(sess).toMatchObject({ createdPerS: 50 });
    expect(sess!.error).toBeGreaterThan(15);
  });

  it('keeps the newest of earlier intervals in the window, and forgets them past it', () => {
    const w = new SampleWindow(2);
    add(w, 10, obs('sess:', { newest: true }));
    w.close({ keys: 10, createdPerS: 10, expiredPerS: 0 });
    add(w, 10, obs('sess:'));
    expect(w.close({ keys: 10, createdPerS: 5, expiredPerS: 0 }).prefixes[0]).toMatchObject({ createdPerS: 5 });
    add(w, 10, obs('sess:'));
    const third = w.close({ keys: 10, createdPerS: 5, expiredPerS: 0 }).prefixes;
    expect(third.find((p) => p.prefix === UNATTRIBUTED_PREFIX)).toMatchObject({ createdPerS: 5, error: 5 });
  });

  it('reports no creation for anyone when the counters say none happened', () => {
    const w = new SampleWindow(6);
    add(w, 10, obs('sess:', { newest: true }));
    expect(w.close({ keys: 10, createdPerS: 0, expiredPerS: 0 }).prefixes).toEqual([
      expect.objectContaining({ prefix: 'sess:', createdPerS: 0, error: 0 }),
    ]);
  });
});
