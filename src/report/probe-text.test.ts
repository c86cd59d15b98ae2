import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import { docsUrl } from '../docs-url.js';
import { checkInfo } from '../probe/check-info.js';
import { CHECK_IDS, type ProbeReport } from '../probe/types.js';
import { registerSecret } from '../redact.js';
import { renderProbeText } from './probe-text.js';

const LONGEST_ID = [...CHECK_IDS].sort((a, b) => b.length - a.length)[0]!;
const REASON = 'the responses do not depend on the session: every request got the same answer with and without it';
const STORE = 'memcached://sessions-cache.internal.example.com:11211';

const report: ProbeReport = {
  schema: 'sessctl-probe/1',
  target: 'https://auth.internal.example.com:8443/api/v2/session/me',
  complete: true,
  model: {
    sessionCookie: 'connect.sid',
    cookie: 'persists',
    headerToken: 'persists',
    bodyToken: 'not-persisted',
    precedence: 'cookie',
    tokenKind: 'client-chosen',
    storeKeys: { cookie: 'myapp:production:sess:{id}', headerToken: 'myapp:production:token:{md5(token)}' },
    ttlS: 86_400,
    stateFrom: 'set-cookie',
    anonymousMints: true,
    sessionsFrom: 'login',
    framework: { framework: 'express-session', from: 'cookie connect.sid' },
  },
  checks: CHECK_IDS.map((id, i) =>
    id === LONGEST_ID ? { id, status: 'fail' } : { id, status: i % 2 ? 'pass' : 'unknown', reason: REASON },
  ),
  findings: [LONGEST_ID, 'SESS-TTL' as const].map((id, i) => ({
    id,
    severity: i ? 'low' : 'critical',
    title: checkInfo[id].title,
    message: REASON,
    fix: 'Set the store TTL to the cookie lifetime.',
    docs: docsUrl(id),
    evidence: null,
  })),
  steps: [],
  requests: 12_345,
  durationMs: 98_765,
  errors: [],
  hints: [],
  store: { url: STORE, prefix: 'myapp:production:', keysCreated: { 'anonymous-get': 12_345 } },
  har: {
    file: './recordings/checkout-flow-with-a-long-name.har',
    sanitized: false,
    entries: [
      {
        index: 1,
        method: 'OPTIONS',
        url: `https://auth.internal.example.com:8443/api/v2/${'x'.repeat(80)}`,
        preflight: true,
        status: 204,
        minted: true,
        keysCreated: 1,
      },
      {
        index: 123,
        method: 'GET',
        url: 'https://auth.internal.example.com/',
        preflight: false,
        status: null,
        minted: false,
        skipped: 'another origin than the target: not replayed',
      },
    ],
  },
};

describe('renderProbeText columns', () => {
  const lines = renderProbeText(report, { color: true, width: 80 }).split('\n').map(plain);
  const section = (title: string) => {
    const at = lines.findIndex((l) => l.startsWith(title));
    const end = lines.findIndex((l, i) => i > at && l === '');
    return lines.slice(at + 1, end < 0 ? undefined : end);
  };

  it(`fits 80 columns with ${LONGEST_ID}, a long HAR URL and a long store URL`, () => {
    expect(lines.filter((l) => l.length > 80 && /\S\s+\S/.test(l.trim().replace(/^docs: /, '')))).toEqual([]);
  });

  it('lines up each model value, and wraps a long one under itself', () => {
    const model = section('Session model').filter((l) => /^ {2}[a-z]/.test(l) && !/^ {2}[!→]/.test(l));
    const at = model[0]!.indexOf('connect.sid');
    for (const l of model) expect(l.slice(at - 2, at)).toBe('  ');
    for (const l of model) expect(l[at]).not.toBe(' ');
    expect(lines.join('\n')).toMatch(
      /^ {2}token kind {6}client-chosen {2}\(any token the client sends gets its own\n {18}session\)$/m,
    );
  });

  it('starts every check reason in one column after the longest id', () => {
    const rows = section('Checks').filter((l) => /^ {2}[✓✗?!-] /.test(l));
    expect(rows).toHaveLength(CHECK_IDS.length);
    expect(new Set(rows.map((l) => /^ {2}\S \S+ +/.exec(l)![0].length))).toEqual(
      new Set([2 + 2 + LONGEST_ID.length + 1]),
    );
  });

  it('lines up the HAR entries, cutting the long URL rather than spilling', () => {
    const rows = section('HAR replay');
    expect(rows[0]).toMatch(/^ {2}#1 {3}OPTIONS https:\/\/auth\S+… 204 preflight/);
    // what happened wraps under its own column
    expect(rows[1]!.indexOf(rows[1]!.trim())).toBe(rows[0]!.indexOf('204'));
    expect(`${rows[0]} ${rows[1]!.trim()}`).toMatch(/204 preflight minted a session {2}\+1 keys$/);
    rows.splice(1, 1);
    expect(rows[1]!.indexOf('GET')).toBe(rows[0]!.indexOf('OPTIONS'));
    expect(rows[1]!.indexOf('https')).toBe(rows[0]!.indexOf('https'));
  });

  it('gives the severity room for CRITICAL, so ids line up under one another', () => {
    const heads = section('Findings').filter((l) => /^ {2}[A-Z]+ /.test(l));
    expect(heads.map((l) => l.indexOf(l.includes(LONGEST_ID) ? LONGEST_ID : 'SESS-TTL'))).toEqual([11, 11]);
  });

  it('puts the scan commands on their own lines when they do not fit beside their label', () => {
    const layout = section('Store key layout');
    expect(layout[0]).toMatch(/^ {2}cookie {12}myapp:production:sess:\{id\}$/);
    expect(layout).toContain('  select them with');
    expect(layout.join('\n')).toContain(`    sessctl scan ${STORE}`);
  });

  it('fits 60 columns too, but for the target URL in the title and a docs link, kept whole', () => {
    const narrow = renderProbeText(report, { color: true, width: 60 }).split('\n').map(plain);
    expect(
      narrow.filter((l) => l.length > 60 && !l.startsWith('sessctl probe https://') && !/^ +docs: \S+$/.test(l)),
    ).toEqual([]);
  });
});

describe('renderProbeText and secrets', () => {
  it('scrubs a token out of a HAR URL before the layout, so the columns after it stay in line', () => {
    const token = 'tok_9f8e7d6c5b4a39281706';
    registerSecret(token);
    const har = {
      ...report,
      har: {
        file: 'x.har',
        sanitized: false,
        entries: [
          { index: 1, method: 'GET', url: `http://a.test/?sid=${token}`, preflight: false, status: 200, minted: false },
          { index: 2, method: 'GET', url: 'http://a.test/?sid=***', preflight: false, status: 201, minted: false },
        ],
      },
    };
    const rows = renderProbeText(har, { color: false, width: 80 })
      .split('\n')
      .filter((l) => /^ {2}#[12] /.test(l));
    expect(rows).toHaveLength(2);
    expect(rows.join('\n')).not.toContain(token);
    expect(rows[0]!.indexOf('200')).toBe(rows[1]!.indexOf('201'));
  });
});
