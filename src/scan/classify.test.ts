import { describe, expect, it } from 'vitest';
import type { SessionMeaning } from '../frameworks/types.js';
import { classify, type ClassifyInput } from './classify.js';
import { CLASS_IDS, classIndex } from './types.js';

const NOW = 1_800_000_000_000;
const meaning = (m: Partial<SessionMeaning> = {}): SessionMeaning => ({
  framework: 'express-session',
  format: 'json',
  confidence: 'high',
  decoded: true,
  empty: true,
  anonymous: false,
  userKeys: [],
  ...m,
});
const base = (i: Partial<ClassifyInput> = {}): ClassifyInput => ({
  nowMs: NOW,
  ttlMs: 3_000_000,
  idleS: 600,
  idleUsable: true,
  minAgeS: 300,
  staleS: 7 * 86_400,
  ...i,
});

describe('classify: the signal table', () => {
  it('never-read needs idle ≈ age since a payload creation time', () => {
    const created = NOW - 600_000;
    expect(classify(base({ meaning: meaning({ createdAt: created }) })).classes).toEqual(['never-read', 'empty']);
    // read 100 s after creation: idle is shorter than age
    expect(classify(base({ idleS: 500, meaning: meaning({ createdAt: created }) })).classes).toEqual(['empty']);
    // no creation time: not provable, whatever idle says
    expect(classify(base({ meaning: meaning() })).classes).toEqual(['empty']);
  });

  it('never-read is not claimed where idle time is untrusted or the item was fetched', () => {
    const m = meaning({ createdAt: NOW - 600_000 });
    expect(classify(base({ idleUsable: false, meaning: m })).classes).not.toContain('never-read');
    expect(classify(base({ fetched: true, meaning: m })).classes).not.toContain('never-read');
    expect(classify(base({ fetched: false, meaning: m })).classes).toContain('never-read');
  });

  it('a framework that rewrites on every request proves never-read only with an exact creation time', () => {
    const lastWrite = meaning({ createdAt: NOW - 600_000, createdAtKind: 'last-write', rewritesOnRequest: true });
    expect(classify(base({ meaning: lastWrite })).classes).not.toContain('never-read');
    const exact = meaning({ createdAt: NOW - 600_000, createdAtKind: 'exact', rewritesOnRequest: true });
    expect(classify(base({ meaning: exact })).classes).toContain('never-read');
  });

  it('a payload that records every access proves never-read by itself (Spring lastAccessedTime == creationTime)', () => {
    const created = NOW - 600_000;
    const spring = (lastAccessedAt: number) =>
      meaning({
        framework: 'spring-session',
        createdAt: created,
        createdAtKind: 'exact',
        rewritesOnRequest: true,
        lastAccessedAt,
      });
    // idle time untrusted (LFU, replica): only the payload can tell
    const untouched = classify(base({ idleUsable: false, meaning: spring(created) }));
    expect(untouched.classes).toContain('never-read');
    expect(untouched.evidence.neverReadFrom).toBe('payload');
    expect(classify(base({ idleUsable: false, meaning: spring(created + 5_000) })).classes).not.toContain('never-read');
  });

  it('user data is never empty; identity makes it not anonymous', () => {
    expect(classify(base({ meaning: meaning({ empty: false, anonymous: true }) })).classes).toEqual(['anonymous']);
    expect(classify(base({ meaning: meaning({ empty: false, userKeys: ['passport.user'] }) })).classes).toEqual([
      'live',
    ]);
  });

  it('no-ttl, stale, undecodable', () => {
    expect(classify(base({ ttlMs: null, meaning: meaning({ empty: false }) })).classes).toEqual(['no-ttl']);
    expect(classify(base({ idleS: 8 * 86_400, meaning: meaning({ empty: false }) })).classes).toEqual(['stale']);
    expect(
      classify(base({ idleS: 8 * 86_400, idleUsable: false, meaning: meaning({ empty: false }) })).classes,
    ).toEqual(['live']);
    const u = classify(base({ meaning: meaning({ decoded: false, empty: false, reason: 'bad bytes' }) }));
    expect(u.classes).toEqual(['undecodable']);
    expect(u.evidence.reason).toBe('bad bytes');
  });

  it('orphan = never-read or empty, at least --min-age old (age ≥ idle when nothing else is known)', () => {
    expect(classify(base({ idleS: 600, meaning: meaning() })).orphan).toBe(true);
    expect(classify(base({ idleS: 60, meaning: meaning() })).orphan).toBe(false);
    expect(classify(base({ idleS: 60, meaning: meaning({ createdAt: NOW - 3_600_000 }) })).orphan).toBe(true);
    expect(classify(base({ meaning: meaning({ empty: false, anonymous: true }) })).orphan).toBe(false);
  });

  it('age from initial TTL − remaining TTL when the payload has no creation time; PTTL + idle ≈ initial TTL is evidence', () => {
    const c = classify(base({ ttlMs: 3_000_000, idleS: 600, initialTtlS: 3600, meaning: meaning() }));
    expect(c.ageS).toBe(600);
    expect(c.evidence).toMatchObject({ ageFrom: 'ttl', ttlPlusIdle: 3600, initialTtlS: 3600 });
  });
});

describe('classIndex', () => {
  it("is each class's place in CLASS_IDS", () => {
    expect(CLASS_IDS.map((c) => classIndex(c))).toEqual(CLASS_IDS.map((_, i) => i));
  });
});
