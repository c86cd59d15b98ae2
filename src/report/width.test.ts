import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../check/check-report.js';
import { docsUrl } from '../docs-url.js';
import { checkInfo } from '../probe/check-info.js';
import { fixFor } from '../probe/check-fix.js';
import { CHECK_IDS, type ProbeReport } from '../probe/types.js';
import { renderCheckText } from './check-text.js';
import { renderProbeText } from './probe-text.js';

const LONG =
  'the preflight (OPTIONS without cookies) set connect.sid with SameSite=None but without Secure: browsers drop the cookie and the store keeps a session nobody will ever read again';

const probeReport: ProbeReport = {
  schema: 'sessctl-probe/1',
  target: 'http://127.0.0.1:41359/api/me',
  complete: true,
  model: {
    sessionCookie: 'connect.sid',
    cookie: 'persists',
    headerToken: 'not-persisted',
    bodyToken: 'not-persisted',
    precedence: 'unknown',
    tokenKind: 'unknown',
    storeKeys: null,
    ttlS: null,
    stateFrom: 'set-cookie',
    anonymousMints: true,
    sessionsFrom: 'none',
    framework: { framework: 'express-session', from: 'cookie connect.sid' },
  },
  checks: CHECK_IDS.map((id) =>
    id === 'COOKIE-SAMESITE-NONE-INSECURE' ? { id, status: 'fail' } : { id, status: 'unknown', reason: LONG },
  ),
  findings: [
    {
      id: 'COOKIE-SAMESITE-NONE-INSECURE',
      severity: 'high',
      title: checkInfo['COOKIE-SAMESITE-NONE-INSECURE'].title,
      message: LONG,
      fix: fixFor('COOKIE-SAMESITE-NONE-INSECURE', 'express-session'),
      docs: docsUrl('COOKIE-SAMESITE-NONE-INSECURE'),
      evidence: null,
    },
  ],
  steps: [],
  requests: 20,
  durationMs: 100,
  errors: [],
  hints: [
    'GET /api/me answered 401 naming POST /api/login: try --login \'POST /api/login {"user":"…","password":"…"}\'',
  ],
};

const checkReport = {
  schema: 'sessctl-check/1',
  complete: true,
  config: 'sessctl.config.json',
  failOn: 'medium',
  durationMs: 1200,
  targets: [
    {
      kind: 'probe',
      name: 'api',
      ref: 'probes[0]',
      line: 3,
      failOn: 'medium',
      complete: true,
      errors: [],
      durationMs: 100,
      url: 'http://127.0.0.1:41359/api/me',
      report: probeReport,
      items: [
        {
          id: 'COOKIE-SAMESITE-NONE-INSECURE',
          status: 'fail',
          severity: 'high',
          title: 't',
          message: LONG,
          failing: true,
          fix: fixFor('COOKIE-SAMESITE-NONE-INSECURE', 'express-session'),
          docs: docsUrl('COOKIE-SAMESITE-NONE-INSECURE'),
        },
        {
          id: 'COOKIE-SAMESITE-MISSING',
          status: 'fail',
          severity: 'low',
          title: 't',
          message: LONG,
          failing: false,
          fix: 'Set SameSite=Lax.',
          docs: docsUrl('COOKIE-SAMESITE-MISSING'),
        },
        ...['SESS-COOKIE-PERSIST', 'SESS-HEADER-PERSIST', 'SESS-BODY-PERSIST'].map((id) => ({
          id,
          status: 'unknown',
          title: 't',
          message: LONG,
          failing: false,
        })),
      ],
    },
  ],
  summary: { targets: 1, incomplete: 0, findings: 2, failing: 1, highest: 'high', exitCode: 1 },
} as unknown as CheckReport;

/** Lines longer than the width that are not a single unbreakable word (a URL) after their indent. */
const tooWide = (text: string, width: number) =>
  text.split('\n').filter((l) => l.length > width && /\S\s+\S/.test(l.trim().replace(/^docs: /, '')));

describe('reports at 80 columns with the longest values (issue 20 §6)', () => {
  it('probe text: every prose line fits, the fix and docs under the finding', () => {
    const text = renderProbeText(probeReport, { color: false, width: 80 });
    expect(tooWide(text, 80)).toEqual([]);
    expect(text.replace(/\n +/g, ' ')).toMatch(
      /fix: Set cookie: \{ sameSite: 'none', secure: true \}, or sameSite: 'lax'\./,
    );
    expect(text).toContain(`docs: ${docsUrl('COOKIE-SAMESITE-NONE-INSECURE')}`);
    expect(text.replace(/\n +/g, ' ')).toMatch(
      /→ GET \/api\/me answered 401 naming POST \/api\/login: try --login 'POST \/api\/login /,
    );
    // The suggested option and its value stay on one line, so it pastes as read.
    expect(text).toMatch(/^ +--login 'POST \/api\/login \{.*\}'$/m);
  });

  it('check text: every line fits, the non-gating finding has a neutral marker, and blind persistence is said', () => {
    const text = renderCheckText(checkReport, { color: false, width: 80 });
    expect(tooWide(text, 80)).toEqual([]);
    expect(text).toMatch(/^ {2}✗ high {5}COOKIE-SAMESITE-NONE-INSECURE/m);
    expect(text).toMatch(/^ {2}• low {6}COOKIE-SAMESITE-MISSING/m);
    expect(text).toMatch(/^ {2}\? session persistence could not be judged/m);
    // the probe's --login suggestion, in the config's own words
    expect(text.replace(/\n +/g, ' ')).toContain(
      '→ GET /api/me answered 401 naming POST /api/login: try "login": "POST /api/login {\\"user\\":\\"…\\",\\"password\\":\\"…\\"}"',
    );
    // a wide terminal keeps each message on one line
    expect(
      renderCheckText(checkReport, { color: false, width: 400 })
        .split('\n')
        .some((l) => l.includes(LONG)),
    ).toBe(true);
  });
});

describe('decode and inspect rows at 80 columns', () => {
  it('a long note wraps under its value column', async () => {
    const { renderDecodeText } = await import('./decode-text.js');
    const text = renderDecodeText(
      {
        schema: 'sessctl-decode/1',
        key: 'sess:abc',
        bytes: 102,
        format: 'json',
        wrappers: [],
        framework: 'express-session',
        confidence: 'high',
        decoded: true,
        state: 'empty',
        empty: true,
        anonymous: false,
        userKeys: [],
        createdAt: '2026-12-04T20:18:12.560Z',
        createdAtKind: 'last-write',
        rewritesOnRequest: false,
      } as never,
      { color: false, width: 80 },
    );
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('created at'));
    expect(lines[at]!.length).toBeLessThanOrEqual(80);
    expect(lines[at + 1]).toMatch(/^ {12}\S/);
  });
});
