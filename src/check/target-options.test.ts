import { describe, expect, it } from 'vitest';
import type { ProbeTarget, ScanTarget } from './config.js';
import { parseConfig } from './parse-config.js';
import { emptyScan, scanItems } from './target-items.js';
import { probeOptionsOf, scanOptionsOf } from './target-options.js';

const probeTarget = (fields: Record<string, unknown>): ProbeTarget =>
  parseConfig(JSON.stringify({ probes: [{ url: 'http://localhost:3000/api/me', ...fields }] })).probes[0]!;
const scanTarget = (fields: Record<string, unknown>): ScanTarget =>
  parseConfig(JSON.stringify({ scans: [{ store: 'redis://localhost:6379', ...fields }] })).scans[0]!;

// Every `sessctl probe` flag, as the config names it, and what the probe receives (issue 20 §3).
const PROBE_CASES: Array<[flag: string, config: Record<string, unknown>, option: string, value: unknown]> = [
  ['--session-cookie', { sessionCookie: 'sid' }, 'sessionCookie', 'sid'],
  ['--token-header', { tokenHeader: 'Authorization' }, 'tokenHeader', 'Authorization'],
  ['--token-scheme', { tokenScheme: 'Token' }, 'tokenScheme', 'Token'],
  ["--token-scheme ''", { tokenScheme: '' }, 'tokenScheme', ''],
  ['--token-field', { tokenField: 'access_token' }, 'tokenField', 'access_token'],
  ['--state-url', { stateUrl: 'http://localhost:3000/api/state' }, 'stateUrl', 'http://localhost:3000/api/state'],
  ['--logout', { logout: 'POST /logout' }, 'logout', 'POST /logout'],
  ['--login', { login: 'POST /login {"user":"demo"}' }, 'login', 'POST /login {"user":"demo"}'],
  ['--origin', { origin: 'https://app.example.com' }, 'origin', 'https://app.example.com'],
  ['--ttl', { ttl: '30s' }, 'ttlMs', 30_000],
  ['--store', { store: 'redis://localhost:6379/2' }, 'store', 'redis://localhost:6379/2'],
  ['--store-prefix', { storePrefix: 'myapp:sess:' }, 'storePrefix', 'myapp:sess:'],
  ['--har', { har: 'session.har' }, 'har', 'session.har'],
  ['--expect', { expect: ['cookie', 'header'] }, 'expect', ['cookie', 'header']],
  ['--timeout', { requestTimeout: '2s' }, 'timeoutMs', 2000],
  ['--max-requests', { maxRequests: 40 }, 'maxRequests', 40],
  ['--max-body', { maxBody: '64kb' }, 'maxBodyBytes', 65_536],
  ['--max-body', { maxBody: 1000 }, 'maxBodyBytes', 1000],
  ['--insecure', { insecure: true }, 'insecure', true],
];

const SCAN_CASES: Array<[flag: string, config: Record<string, unknown>, option: string, value: unknown]> = [
  ['--match', { match: 'sess:*' }, 'match', 'sess:*'],
  ['--min-age', { minAge: '1h' }, 'minAgeMs', 3_600_000],
  ['--stale', { stale: '2d' }, 'staleMs', 172_800_000],
  ['--rate', { rate: 5000 }, 'rate', 5000],
  ['--count', { count: 500 }, 'count', 500],
  ['--no-values', { values: false }, 'values', false],
  ['--show-keys', { showKeys: true }, 'showKeys', true],
  ['--layout', { layouts: ['session_{id}'] }, 'layouts', [{ template: 'session_{id}' }]],
];

describe('every probe and scan option can be set in a check config', () => {
  it.each(PROBE_CASES)('probe %s', (_flag, config, option, value) => {
    const options = probeOptionsOf(probeTarget(config)) as unknown as Record<string, unknown>;
    expect(options[option]).toEqual(value);
  });

  it.each(SCAN_CASES)('scan %s', (_flag, config, option, value) => {
    const options = scanOptionsOf(scanTarget(config)) as Record<string, unknown>;
    expect(options[option]).toEqual(value);
  });

  it('probe --save-har and --show-secrets', () => {
    expect(probeTarget({ saveHar: 'out.har', showSecrets: true })).toMatchObject({
      saveHar: 'out.har',
      showSecrets: true,
    });
    expect(() => probeTarget({ showSecrets: true })).toThrow(/probes\[0\]\.showSecrets only applies with saveHar/);
  });

  it('leaves unset options out, so the cores apply their own defaults', () => {
    expect(probeOptionsOf(probeTarget({}))).toEqual({ url: 'http://localhost:3000/api/me' });
    expect(scanOptionsOf(scanTarget({}))).toEqual({});
  });

  it('refuses a bad size with its path', () => {
    expect(() => probeTarget({ maxBody: '12 parsecs' })).toThrow(/probes\[0\]\.maxBody/);
  });
});

describe('a scan that recognises no session (issue 20 §2)', () => {
  const empty = {
    schema: 'sessctl-scan/1' as const,
    complete: true,
    totals: { keys: 0, sessions: 0, bytes: 0 },
    classes: {},
    findings: [],
  };

  it('is unknown, with every threshold unknown, unless allowEmpty', () => {
    const target = scanTarget({ match: 'sesss:*', maxShare: { orphan: 0.1 } });
    expect(emptyScan(empty, target)).toMatch(
      /^0 sessions in 0 keys matching "sesss:\*": check the store URL \(database\), match and layouts, or set "allowEmpty": true/,
    );
    const items = scanItems(
      empty,
      [
        {
          id: 'SCAN-SHARE-ORPHAN',
          kind: 'maxShare',
          class: 'orphan',
          limit: 0.1,
          actual: 0,
          count: 0,
          of: 0,
          pass: true,
        },
      ],
      target,
      'medium',
      [],
    );
    expect(items.map((i) => [i.id, i.status])).toEqual([
      ['SCAN-EMPTY', 'unknown'],
      ['SCAN-SHARE-ORPHAN', 'unknown'],
    ]);
    expect(emptyScan(empty, scanTarget({ allowEmpty: true }))).toBeNull();
    expect(emptyScan({ ...empty, totals: { keys: 3, sessions: 1, bytes: 9 } }, target)).toBeNull();
  });
});

describe('check progress (issue 20 §8)', () => {
  it('reports each target as it starts and ends, for the TTY line', async () => {
    const { runCheck } = await import('./run-check.js');
    const config = parseConfig(
      JSON.stringify({
        scans: [
          { store: 'memory://a', name: 'a', allowEmpty: true },
          { store: 'memory://b', name: 'b', allowEmpty: true },
        ],
      }),
    );
    const seen: string[] = [];
    const report = {
      schema: 'sessctl-scan/1' as const,
      complete: true,
      totals: { keys: 0, sessions: 0, bytes: 0 },
      classes: {},
      findings: [],
    };
    await runCheck(config, {
      signal: new AbortController().signal,
      concurrency: 1,
      engines: { probe: () => Promise.reject(new Error('no probe')), scan: () => Promise.resolve(report) },
      onTarget: (p) => seen.push(`${p.done}/${p.total} ${p.running.join(',')}`),
    });
    expect(seen).toEqual(['0/2 a', '1/2 ', '1/2 b', '2/2 ']);
  });
});
