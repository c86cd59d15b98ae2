import { describe, expect, it } from 'vitest';
import type { ScanRecord } from '../scan/types.js';
import { effectiveClasses, planRecord, PlanTally } from './plan.js';
import type { CleanPolicy } from './types.js';

const rec = (over: Partial<ScanRecord>) => ({
  raw: { node: 'n', key: Buffer.from('sess:x'), type: 'string' as const, ttlMs: 1000, idleS: 0, bytes: 10 },
  seenAtMs: 0,
  record: {
    key: 'sess:x',
    prefix: 'sess:',
    framework: 'express-session',
    format: 'json',
    bytes: 10,
    ttlMs: 1000,
    idleS: 0,
    ageS: 3600,
    classes: ['empty'],
    orphan: true,
    node: 'n',
    evidence: {},
    ...over,
  } as ScanRecord,
});
const policy: CleanPolicy = { classes: ['empty'], minAgeMs: 300_000, matched: false };

describe('planRecord', () => {
  it('selects an empty session older than min-age', () => {
    expect(planRecord(rec({}), policy)).toMatchObject({ action: 'delete', why: ['empty'] });
  });
  it('counts idle time as age when the age is unknown, and refuses young sessions', () => {
    expect(planRecord(rec({ ageS: null, idleS: 600 }), policy)).toBeDefined();
    expect(planRecord(rec({ ageS: 10, idleS: 10 }), policy)).toBeUndefined();
  });
  it('never selects live keys, classes not asked for, or non-sessions unless --match named them', () => {
    expect(planRecord(rec({ classes: ['live'] }), { ...policy, classes: ['empty', 'stale'] })).toBeUndefined();
    expect(planRecord(rec({ classes: ['anonymous'] }), policy)).toBeUndefined();
    expect(planRecord(rec({ framework: 'unknown' }), policy)).toBeUndefined();
    expect(planRecord(rec({ framework: 'unknown' }), { ...policy, matched: true })).toBeDefined();
  });
  it('never selects a custom layer the scan only detected, unless --match named it; a declared one is named', () => {
    const detected = { source: 'detected', template: 'user:{id}', confidence: 'low' } as const;
    const declared = { source: 'declared', template: 'session_{id}', confidence: 'high' } as const;
    expect(planRecord(rec({ framework: 'generic', evidence: { layout: detected } }), policy)).toBeUndefined();
    expect(
      planRecord(rec({ framework: 'generic', evidence: { layout: detected } }), { ...policy, matched: true }),
    ).toBeDefined();
    expect(planRecord(rec({ framework: 'generic', evidence: { layout: declared } }), policy)).toBeDefined();
  });
  it('--fix-ttl turns the delete of a never-expiring key into an expiry, and selects no-ttl', () => {
    const classes = effectiveClasses(['empty'], 86_400_000);
    expect(classes).toEqual(['empty', 'no-ttl']);
    const p = { ...policy, classes, fixTtlMs: 86_400_000 };
    expect(planRecord(rec({ ttlMs: null, classes: ['no-ttl', 'anonymous'] }), p)).toMatchObject({
      action: 'fix-ttl',
      fixTtlMs: 86_400_000,
      why: ['no-ttl'],
    });
    expect(planRecord(rec({ ttlMs: 5000 }), p)).toMatchObject({ action: 'delete' });
  });
});

describe('PlanTally', () => {
  it('counts a key once, under its first selecting class, per prefix', () => {
    const t = new PlanTally();
    const p = { ...policy, classes: effectiveClasses(['empty', 'stale'], undefined) };
    t.add(planRecord(rec({ classes: ['empty', 'stale'] }), p)!);
    t.add(planRecord(rec({ classes: ['stale'], prefix: 'a:', bytes: 5 }), p)!);
    expect(t.count).toBe(2);
    expect(t.bytes).toBe(15);
    expect(t.groups()).toEqual([
      { prefix: 'a:', class: 'stale', action: 'delete', count: 1, bytes: 5 },
      { prefix: 'sess:', class: 'empty', action: 'delete', count: 1, bytes: 10 },
    ]);
  });
});
