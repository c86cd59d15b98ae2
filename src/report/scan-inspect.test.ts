import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { InspectReport } from '../scan/inspect.js';
import { renderInspectText } from './scan-inspect.js';

const KEY = `myapp:production:eu-west-1:sessions:${'Zx9qAbCdEfGhIjKlMnOpQrStUvWxYz0123456789'.repeat(2)}`;

const report = {
  schema: 'sessctl-inspect/1',
  key: KEY,
  bytes: 123_456_789,
  format: 'json',
  wrappers: ['base64', 'signed-cookie'],
  framework: 'express-session',
  confidence: 'high',
  decoded: true,
  state: 'anonymous',
  empty: false,
  anonymous: true,
  userKeys: ['cart', 'csrfSecret', 'returnTo', 'flash', 'preferences', 'lastVisitedPage', 'experimentBuckets'],
  createdAt: '2026-12-04T20:18:12.560Z',
  createdAtKind: 'last-write',
  rewritesOnRequest: true,
  valuesShown: false,
  value: {},
  store: {
    kind: 'redis',
    url: 'rediss+sentinel://sentinel-a.internal.example.com:26379,sentinel-b.internal.example.com:26379/mymaster',
    version: 'redis 7.4.1',
    noTouch: false,
    idleTrust: {
      usable: false,
      reasons: ['maxmemory-policy allkeys-lfu keeps access frequencies, not idle times (OBJECT IDLETIME is refused)'],
    },
  },
  node: 'sentinel-a.internal.example.com:6379',
  ttlMs: 1_209_600_000,
  idleS: 86_400,
  ageS: 3_600,
  fetched: false,
  classes: ['never-read', 'anonymous', 'no-ttl', 'stale', 'undecodable'],
  orphan: true,
  evidence: { ageFrom: 'ttl' },
  layoutHint: 'myapp:production:eu-west-1:sessions:{id}',
} as unknown as InspectReport;

describe('renderInspectText fields', () => {
  const lines = renderInspectText(report, { color: true, width: 80 }).split('\n').map(plain);
  const fields = lines.slice(
    0,
    lines.findIndex((l) => l.startsWith('value')),
  );

  it('fits 80 columns, but for a word too long for any line (the key, a URL): it stays whole to be copied', () => {
    const over = fields.filter((l) => l.length > 80);
    expect(over).toContain(`key         ${KEY}`);
    for (const l of over) expect(l.slice(12)).toMatch(/^\S+$/);
  });

  it('starts every value, and every wrapped line of it, in column 12 (store fields and payload alike)', () => {
    for (const l of fields)
      expect(l.slice(0, 12).trimStart() === '' || /^[a-z][a-z ]{0,10} +$/.test(l.slice(0, 12))).toBe(true);
    for (const l of fields) expect(l[12 - 1]).toBe(' ');
    for (const l of fields) expect(l[12]).not.toBe(' ');
    // the suggested --layout stays with its value
    expect(fields.some((l) => l.includes(`--layout '${report.layoutHint}'`))).toBe(true);
  });
});
