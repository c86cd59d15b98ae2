import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EDGES } from '../scan/histogram.js';
import { CLASS_IDS, type PrefixReport, type ScanReport } from '../scan/types.js';
import { renderScanTable } from './scan-table.js';

const BIG = 12_345_678_901;
const PREFIX = 'myapp:production:eu-west-1:sessions:';
const buckets = (kind: keyof typeof EDGES) => [
  ...(kind === 'ttl' ? [{ label: 'none', upTo: null, count: 3 }] : []),
  ...EDGES[kind].map(([upTo, label], i) => ({ label, upTo: upTo === Infinity ? null : upTo, count: i * 1000 })),
];

const prefix: PrefixReport = {
  prefix: PREFIX,
  framework: 'express-session',
  format: 'json',
  count: BIG,
  sessions: BIG,
  bytes: BIG * 300,
  classes: Object.fromEntries(CLASS_IDS.map((id, i) => [id, { count: Math.round(BIG / (i + 1)), bytes: BIG * 90 }])),
  orphans: { count: BIG - 1, bytes: BIG * 100 },
  initialTtlS: 1_209_600,
  signals: (['idle-time', 'ttl', 'initial-ttl', 'created-at', 'fetch-flag', 'payload', 'never-read'] as const).map(
    (signal, i) => ({
      signal,
      holds: i % 2 === 0,
      why: 'not provable without a creation time in the payload (idle time alone cannot tell creation from the last write)',
    }),
  ),
  histograms: { ttl: buckets('ttl'), idle: buckets('idle'), age: buckets('age'), size: buckets('size') },
  examples: [],
  orphanEvidence: 'unprovable',
};

const report = {
  schema: 'sessctl-scan/1',
  complete: true,
  store: {
    kind: 'redis',
    url: 'redis://cache.internal.example.com:6379',
    version: 'redis 7.4.1',
    nodes: [{ id: 'cache:6379', role: 'master', version: '7.4.1', keys: BIG }],
    noTouch: true,
    idleTrust: { usable: true, reasons: [] },
  },
  estimate: { keys: BIG },
  options: { match: null, minAgeS: 300, staleS: 604_800, values: true },
  durationMs: 1234,
  totals: { keys: BIG, sessions: BIG, bytes: BIG * 300, orphans: { count: BIG, bytes: 0 } },
  classes: {},
  prefixes: [prefix, { ...prefix, prefix: 'sess:', orphanEvidence: 'provable' }],
  findings: [
    { id: 'SCAN-IDLE-UNTRUSTED', severity: 'critical', prefix: PREFIX, count: BIG, share: 0.999 },
    { id: 'SCAN-ORPHANS', severity: 'medium', prefix: 'sess:', count: 3, share: 0.01 },
    { id: 'SCAN-INCOMPLETE', severity: 'info' },
  ],
  problems: [],
} as unknown as ScanReport;

describe('renderScanTable columns', () => {
  const lines = renderScanTable(report, { color: true, width: 80 }).split('\n').map(plain);

  it('fits 80 columns with the longest prefix, big numbers and every signal', () => {
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
  });

  it('right-aligns the class counts and shares, and starts every bar in one column', () => {
    const rows = lines.filter((l) =>
      /^ {2}(orphans|never-read|empty|anonymous|no-ttl|stale|undecodable|live) /.test(l),
    );
    expect(rows).toHaveLength(2 * (CLASS_IDS.length + 1));
    const ends = (re: RegExp) => new Set(rows.map((l) => re.exec(l)!.index + re.exec(l)![0].length));
    expect(ends(/\d[\d,]*(?= )/).size).toBe(1);
    expect(ends(/[\d.]+%/).size).toBe(1);
    expect(new Set(rows.map((l) => l.search(/[█▏▎▍▌▋▊▉]/))).size).toBe(1);
    // the note under the unprovable orphans row sits under the bars
    const note = lines.find((l) => l.includes('(unprovable here: a lower bound)'))!;
    expect(note.indexOf('(')).toBe(rows[0]!.search(/[█▏▎▍▌▋▊▉]/));
  });

  it('puts each spark under its bucket label', () => {
    const at = lines.findIndex((l) => l.startsWith('  size '));
    const labels = lines[at]!;
    const sparks = lines[at + 1]!;
    for (const [, label] of EDGES.size) expect(sparks[labels.indexOf(` ${label}`) + 1]).toMatch(/[▁▂▃▄▅▆▇█·]/);
  });

  it('lines the findings up by id and prefix, whatever the severity', () => {
    const rows = lines.filter((l) => /^ {2}(critical|medium|info) /.test(l));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((l) => l.indexOf('SCAN-'))).size).toBe(1);
    // a prefix too long for its column is cut, never spilled: the prefix blocks above give it whole
    expect(rows[0]).toMatch(/ myapp:production:\S*… /);
    expect(rows[0]!.indexOf('myapp:')).toBe(rows[1]!.indexOf('sess:'));
  });

  it('fits 60 columns too: the findings wrap and cut further, the bars narrow', () => {
    const narrow = renderScanTable(report, { color: true, width: 60 }).split('\n').map(plain);
    expect(narrow.filter((l) => l.length > 60)).toEqual([]);
  });
});
