import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { renderScanTable } from '../report/scan-table.js';
import { memoryKv } from '../stores/memory/memory-kv.js';
import { DETECT_MIN_KEYS } from './layer-detection.js';
import { scan } from './scan.js';
import type { ScanOptions, ScanRecord, ScanReport } from './types.js';

const STORE = `custom-layer-${process.pid}`;
const kv = memoryKv(STORE);
afterEach(() => kv.clear());

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
/** The second seed's layer: cookie sessions under a uuid, token sessions under md5(token). */
function seedLayer(cookies: number, tokens: number, extra: Record<string, unknown> = {}) {
  for (let i = 0; i < cookies; i++)
    kv.set(`session_${randomUUID()}`, JSON.stringify({ identifier: randomUUID(), ...extra }), 30_000);
  for (let i = 0; i < tokens; i++)
    kv.set(`session_${md5(`token-${i}`)}`, JSON.stringify({ identifier: randomUUID(), ...extra }), 30_000);
}

async function run(options: ScanOptions = {}): Promise<{ report: ScanReport; records: ScanRecord[] }> {
  const records: ScanRecord[] = [];
  const report = await scan(`memory://${STORE}`, { count: 7, ...options, onRecord: (r) => records.push(r) });
  return { report, records };
}
const prefix = (r: ScanReport, p: string) => r.prefixes.find((x) => x.prefix === p);

describe('custom session layers, detected without flags', () => {
  it('counts the seed layout as sessions of framework generic, and every record says so', async () => {
    seedLayer(8, 6);
    const { report, records } = await run();
    expect(prefix(report, 'session_')).toMatchObject({
      framework: 'generic',
      count: 14,
      sessions: 14,
      classes: { anonymous: { count: 14 } },
      orphanEvidence: 'unprovable',
      layout: { source: 'detected', templates: ['session_{id}'], confidence: 'medium' },
    });
    expect(report.totals.sessions).toBe(14);
    // held keys are released, none lost or doubled, batches of 7 notwithstanding
    expect(records).toHaveLength(14);
    expect(records.every((r) => r.framework === 'generic' && r.evidence.layout?.source === 'detected')).toBe(true);
  });

  it("base64url ids holding '_' (secrets.token_urlsafe) stay one prefix, detected with medium confidence", async () => {
    for (let i = 0; i < 30; i++)
      kv.set(
        `session_${randomBytes(24)
          .toString('base64url')
          .replace(/^(.{5})./, '$1_')}`,
        '{"cart":[]}',
        60_000,
      );
    const { report } = await run();
    expect(report.prefixes).toHaveLength(1);
    expect(prefix(report, 'session_')).toMatchObject({
      framework: 'generic',
      sessions: 30,
      layout: { source: 'detected', confidence: 'medium' },
    });
  });

  it('a prefix with fewer keys than detection needs stays other keys, in the records too', async () => {
    seedLayer(DETECT_MIN_KEYS - 1, 0);
    const { report, records } = await run();
    expect(prefix(report, 'session_')).toMatchObject({ framework: 'unknown', count: DETECT_MIN_KEYS - 1, sessions: 0 });
    expect(records.every((r) => r.framework === 'unknown')).toBe(true);
  });

  it('--match pointing at a few keys lets them decide', async () => {
    seedLayer(3, 0);
    const { report, records } = await run({ match: 'session_*' });
    expect(prefix(report, 'session_')).toMatchObject({
      framework: 'generic',
      sessions: 3,
      layout: { source: 'detected' },
    });
    expect(records.every((r) => r.framework === 'generic')).toBe(true);
  });

  it('needs most payloads to be objects: strings and counters under ids are not sessions', async () => {
    for (let i = 0; i < 20; i++) kv.set(`cache:${randomUUID()}`, i < 5 ? '{"a":1}' : `"text ${i}"`, 60_000);
    const { report, records } = await run();
    expect(prefix(report, 'cache:')).toMatchObject({ sessions: 0 });
    expect(records.filter((r) => r.framework !== 'unknown')).toEqual([]);
  });

  it("an app's user:<uuid> records holding {} are a low-confidence guess: reported, findings capped at low", async () => {
    for (let i = 0; i < 12; i++) kv.set(`user:${randomUUID()}`, '{}');
    const { report } = await run({ minAgeMs: 0 });
    expect(prefix(report, 'user:')).toMatchObject({
      framework: 'generic',
      sessions: 12,
      classes: { empty: { count: 12 } },
      layout: { source: 'detected', confidence: 'low' },
    });
    expect(report.findings.filter((f) => f.prefix === 'user:').map((f) => [f.id, f.severity])).toEqual([
      ['SCAN-ORPHANS', 'low'],
      ['SCAN-NO-TTL', 'low'],
    ]);
  });

  it('the table shows the prefix as sessions, with the layout and a verdict that is not "healthy"', async () => {
    seedLayer(12, 0);
    const { report } = await run();
    // Wide enough that the verdict stays on one line: this test reads what it says, not how it wraps.
    const text = renderScanTable(report, { color: false, width: 1000 });
    expect(text).toMatch(/^session_ {2}generic \(json\) · 12 sessions/m);
    expect(text).toContain('layout  session_{id} (detected, medium confidence)');
    expect(text).not.toMatch(/other keys \(not sessions\): session_/);
    const verdict = /verdict (.*)/.exec(text)![1]!;
    expect(verdict).not.toContain('healthy');
    expect(verdict).toMatch(/100% hold anonymous data .* cannot be told/);
    expect(verdict).toContain(`sessctl probe <app-url> --store memory://${STORE}`);
    expect(verdict).toContain('--stale');
    expect(verdict).toContain("--layout 'session_{id}'");
  });
});

describe('custom session layers, declared', () => {
  it('--layout makes every matching key a session, even below the detection count', async () => {
    seedLayer(3, 2);
    const { report, records } = await run({ layouts: ['session_{id}', 'session_{md5(token)}'] });
    expect(prefix(report, 'session_')).toMatchObject({
      framework: 'generic',
      sessions: 5,
      layout: { source: 'declared', confidence: 'high' },
    });
    expect(prefix(report, 'session_')!.layout!.templates.sort()).toEqual(['session_{id}', 'session_{md5(token)}']);
    expect(records.map((r) => r.evidence.layout?.template).sort()).toEqual([
      ...Array(3).fill('session_{id}'),
      ...Array(2).fill('session_{md5(token)}'),
    ]);
  });

  it('userKeys make a session authenticated, metadataKeys make it empty', async () => {
    for (let i = 0; i < 4; i++)
      kv.set(`s:${randomUUID()}`, JSON.stringify({ identifier: 'x', owner: { sub: `u${i}` } }), 60_000);
    for (let i = 0; i < 3; i++) kv.set(`s:${randomUUID()}`, JSON.stringify({ identifier: 'x' }), 60_000);
    const { report } = await run({
      layouts: [{ template: 's:{id}', userKeys: ['owner.sub'], metadataKeys: ['identifier'] }],
      minAgeMs: 0,
    });
    expect(prefix(report, 's:')!.classes).toMatchObject({ empty: { count: 3 } });
    expect(prefix(report, 's:')!.classes.anonymous).toBeUndefined();
    expect(prefix(report, 's:')!.orphanEvidence).toBe('provable');
  });

  it('a known framework under a declared layout keeps its framework', async () => {
    const cookie = {
      originalMaxAge: 60_000,
      expires: new Date(Date.now() + 60_000).toISOString(),
      httpOnly: true,
      path: '/',
    };
    kv.set(`mysess_${randomUUID()}`, JSON.stringify({ cookie }), 60_000);
    const { report } = await run({ layouts: ['mysess_{id}'] });
    expect(prefix(report, 'mysess_')).toMatchObject({ framework: 'express-session', sessions: 1 });
    expect(prefix(report, 'mysess_')!.layout).toBeUndefined();
  });

  it('without payloads a declared layout still names its keys sessions; detection needs payloads', async () => {
    seedLayer(12, 0);
    kv.set(`other_${randomUUID()}`, '{}');
    const declared = await run({ values: false, layouts: ['session_{id}'] });
    expect(prefix(declared.report, 'session_')).toMatchObject({
      framework: 'generic',
      sessions: 12,
      orphanEvidence: 'unprovable',
    });
    const bare = await run({ values: false });
    expect(prefix(bare.report, 'session_')).toMatchObject({ sessions: 0 });
  });

  it('a bad layout throws before the store is opened', async () => {
    await expect(scan('memory://never-opened', { layouts: ['session_'] })).rejects.toMatchObject({
      code: 'SESSCTL_USAGE',
      message: expect.stringMatching(/exactly one placeholder/),
    });
  });
});
