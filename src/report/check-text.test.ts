import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CheckItem, CheckReport } from '../check/check-report.js';
import { docsUrl } from '../docs-url.js';
import { CHECK_IDS } from '../probe/types.js';
import { renderCheckText } from './check-text.js';

const LONGEST_ID = [...CHECK_IDS].sort((a, b) => b.length - a.length)[0]!;
const MESSAGE =
  'the preflight (OPTIONS without cookies) set connect.sid with SameSite=None but without Secure: browsers drop the cookie';

const item = (id: string, status: CheckItem['status'], severity?: string, failing = false): CheckItem =>
  ({
    id,
    status,
    severity,
    title: 't',
    message: `${MESSAGE} (${id})`,
    failing,
    fix: 'Set cookie: { sameSite: "none", secure: true }, or sameSite: "lax".',
    docs: docsUrl(id),
  }) as CheckItem;

const report = {
  schema: 'sessctl-check/1',
  complete: true,
  config: 'sessctl.config.json',
  failOn: 'medium',
  durationMs: 1200,
  targets: [
    {
      kind: 'probe',
      name: 'api-gateway-with-a-long-name',
      ref: 'probes[0]',
      failOn: 'medium',
      complete: true,
      errors: [],
      durationMs: 100,
      url: 'https://auth.internal.example.com:8443/api/v2/session/me?include=everything',
      report: null,
      items: [
        item(LONGEST_ID, 'fail', 'critical', true),
        item('SESS-TTL', 'fail', 'low'),
        item('SESS-ANON-MINT', 'error'),
      ],
    },
    {
      kind: 'scan',
      name: 'sessions',
      ref: 'scans[0]',
      failOn: 'medium',
      complete: true,
      errors: [],
      durationMs: 100,
      store: 'redis://cache.internal.example.com:6379',
      report: null,
      items: [item('SCAN-SHARE-UNDECODABLE', 'pass'), item('SCAN-COUNT-NO-TTL', 'unknown')],
    },
  ],
  summary: { targets: 2, incomplete: 0, findings: 2, failing: 1, highest: 'critical', exitCode: 1 },
} as unknown as CheckReport;

/** Where the message starts on each item line (a mark, a severity, an id, then the message). */
const messageColumn = (lines: string[]) =>
  lines
    .filter((l) => /^ {2}[✓✗•?!] /.test(l))
    .map((l) => {
      const m = /^ {2}\S .{8} \S+ +/.exec(l)!;
      return m[0].length;
    });

describe('renderCheckText columns', () => {
  it(`at 80 columns, with colours, lines up every message after the longest id (${LONGEST_ID}) and fits`, () => {
    const lines = renderCheckText(report, { color: true, width: 80 }).split('\n').map(plain);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    const starts = messageColumn(lines);
    expect(starts).toHaveLength(5);
    expect(new Set(starts)).toEqual(new Set([2 + 2 + 9 + LONGEST_ID.length + 1]));
    // the fix hangs under the message, across both targets
    for (const l of lines.filter((x) => x.trimStart().startsWith('fix: '))) expect(l.indexOf('fix: ')).toBe(starts[0]);
    // the target headers line up their names, URLs and verdicts
    const probe = lines.find((l) => l.startsWith('probe'))!;
    const scan = lines.find((l) => l.startsWith('scan'))!;
    expect(scan.indexOf('sessions')).toBe(probe.indexOf('api-gateway'));
    expect(scan.indexOf('redis://')).toBe(probe.indexOf('https://'));
  });

  it('below the width the message column needs, the message goes under the id, and still fits', () => {
    const lines = renderCheckText(report, { color: false, width: 60 }).split('\n');
    expect(lines.filter((l) => l.length > 60 && !l.trim().startsWith('docs: '))).toEqual([]);
    expect(lines).toContain(`  ✗ critical ${LONGEST_ID}`);
  });
});
