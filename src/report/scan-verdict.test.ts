import { describe, expect, it } from 'vitest';
import type { PrefixReport } from '../scan/types.js';
import { verdict } from './scan-verdict.js';

const base: PrefixReport = {
  prefix: ':1:django.contrib.sessions.cache',
  framework: 'django',
  format: 'pickle',
  count: 8,
  sessions: 8,
  bytes: 800,
  classes: { anonymous: { count: 6, bytes: 600 }, live: { count: 2, bytes: 200 } },
  orphans: { count: 0, bytes: 0 },
  initialTtlS: 1_209_600,
  signals: [
    { signal: 'payload', holds: true, why: '8 payloads decoded or tried' },
    {
      signal: 'never-read',
      holds: false,
      why: 'not provable without a creation time in the payload (idle time alone cannot tell creation from the last write)',
    },
  ],
  histograms: { ttl: [], idle: [], age: [], size: [] },
  examples: [],
  orphanEvidence: 'unprovable',
};

describe('verdict', () => {
  it('never says healthy where orphans cannot be counted: it says what, why, and what would tell', () => {
    const v = verdict(base, { storeUrl: 'redis://cache:6379' });
    expect(v).not.toContain('healthy');
    expect(v).toMatch(
      /^75% hold anonymous data \(not empty, no user identity\) and whether they are orphans cannot be told: not provable without a creation time/,
    );
    expect(v).toContain('sessctl probe <app-url> --store redis://cache:6379');
    expect(v).toContain('--stale (e.g. --stale 7d)');
  });

  it('says healthy where orphans could have been seen and none were', () => {
    expect(verdict({ ...base, orphanEvidence: 'provable', classes: { live: { count: 8, bytes: 800 } } })).toBe(
      'healthy: no orphaned, never-expiring or stale sessions',
    );
  });

  it('says "too young to judge", never healthy, when the never-read keys are all under --min-age (issue 20)', () => {
    const young = {
      ...base,
      orphanEvidence: 'provable' as const,
      classes: { 'never-read': { count: 4, bytes: 400 }, live: { count: 4, bytes: 400 } },
      young: 4,
    };
    expect(verdict(young)).toMatch(/^too young to judge \(4 sessions under --min-age are never-read or empty/);
    expect(verdict(young)).not.toContain('healthy');
  });

  it('without payloads, says they were not read', () => {
    const v = verdict({
      ...base,
      classes: { live: { count: 8, bytes: 800 } },
      signals: [
        {
          signal: 'payload',
          holds: false,
          why: 'payloads not read (--no-values): empty, anonymous and created-at are unknown',
        },
      ],
    });
    expect(v).toMatch(/^orphans cannot be told: payloads not read \(--no-values\)/);
  });

  it('a detected layer says clean leaves it alone until it is named', () => {
    const v = verdict({
      ...base,
      framework: 'generic',
      prefix: 'session_',
      layout: { source: 'detected', templates: ['session_{id}'], confidence: 'medium' },
    });
    expect(v).toContain("clean never deletes from it: name it with --layout 'session_{id}' or --match 'session_*'");
  });
});
