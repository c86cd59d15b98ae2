import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DemoReport, DemoSide } from '../demo/run-demo.js';
import { CHECK_IDS } from '../probe/types.js';
import { renderDemoText } from './demo-text.js';

const LONGEST_ID = [...CHECK_IDS].sort((a, b) => b.length - a.length)[0]!;
const BIG = 1_234_567_890;

const side = (name: 'naive' | 'sessctl', findings: DemoSide['summary']['findings']): DemoSide =>
  ({
    name,
    url: `http://127.0.0.1:${name === 'naive' ? 41_359 : 41_360}`,
    traffic: {
      visitors: { users: BIG, anonymous: BIG, monitors: BIG },
      requests: BIG,
      preflights: BIG,
      logins: BIG,
      setCookies: BIG,
      preflightCookies: BIG,
    },
    summary: {
      sessions: BIG,
      byProbe: BIG,
      live: BIG - 1,
      empty: BIG - 2,
      neverRead: BIG - 3,
      orphans: BIG - 4,
      preflightKeys: BIG,
      findings,
    },
    probe: {},
    scan: { options: { match: 'sessctl-demo:a1b2c3:naive:sess:*' } },
  }) as unknown as DemoSide;

const report = (store: string): DemoReport => ({
  schema: 'sessctl-demo/1',
  store,
  durationMs: 12_345,
  apps: {
    naive: side('naive', [
      { id: LONGEST_ID, severity: 'critical' },
      { id: 'SESS-PREFLIGHT-MINT', severity: 'high' },
    ]),
    sessctl: side('sessctl', [{ id: LONGEST_ID, severity: 'critical' }]),
  },
});

describe('renderDemoText columns', () => {
  for (const store of ['embedded', 'redis://cache.internal.example.com:6379']) {
    it(`fits 80 columns with ${LONGEST_ID} and ten-digit figures (${store})`, () => {
      const lines = renderDemoText(report(store), { color: true, width: 80 }).split('\n').map(plain);
      // only the scan command, kept whole to be copied, may be longer
      expect(lines.filter((l) => l.length > 80 && !l.startsWith('  sessctl scan '))).toEqual([]);
      expect(lines.filter((l) => l.endsWith(' '))).toEqual([]);
      // the two apps' columns start where their headings do, on every row
      const head = lines.find((l) => l.includes('naive (express-session style)'))!;
      const [a, b] = [head.indexOf('naive ('), head.indexOf('sessctl/middleware')];
      for (const label of ['app', 'Set-Cookie sent', '  live', 'orphans (scan)']) {
        const l = lines.find((x) => x.startsWith(`${label} `))!;
        expect(l[a - 1]).toBe(' ');
        expect(l[a]).not.toBe(' ');
        expect(l[b - 1]).toBe(' ');
        expect(l[b]).not.toBe(' ');
      }
      const findings = lines.slice(lines.findIndex((l) => l.startsWith('probe findings')));
      expect(findings[0]!.indexOf(LONGEST_ID)).toBe(a);
      expect(findings[0]!.lastIndexOf(LONGEST_ID)).toBe(b);
      expect(findings.find((l) => l.includes('SESS-PREFLIGHT-MINT'))!.indexOf('SESS-PREFLIGHT-MINT')).toBe(a);
    });
  }

  it('keeps each next-step command whole on its line', () => {
    const text = plain(renderDemoText(report('redis://cache.internal.example.com:6379'), { color: true, width: 80 }));
    expect(text).toContain(
      "\n  sessctl scan redis://cache.internal.example.com:6379 --match 'sessctl-demo:a1b2c3:*' --min-age 0s\n",
    );
    expect(renderDemoText(report('embedded'), { color: false, width: 80 })).toMatch(
      /^ {2}sessctl demo --serve {17}keep both apps running; probe them$/m,
    );
  });
});
