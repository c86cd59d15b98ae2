import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/check/parse-config.js';
import { runCheck } from '../../src/check/run-check.js';
import { renderCheckText } from '../../src/report/check-text.js';
import { memoryKv } from '../../src/stores/memory/memory-kv.js';

const STORE = `chk-layouts-${process.pid}`;
const kv = memoryKv(STORE);
for (let i = 0; i < 12; i++) kv.set(`session_${randomUUID()}`, JSON.stringify({ identifier: randomUUID() }), 60_000);
afterAll(() => kv.clear());

const run = async (scan: Record<string, unknown>) => {
  const config = parseConfig(
    JSON.stringify({ scans: [{ name: 'layer', store: `memory://${STORE}`, maxShare: { empty: 0.5 }, ...scan }] }),
    { env: {} },
  );
  const report = await runCheck(config, { signal: new AbortController().signal });
  return report.targets[0]!;
};

describe('sessctl check: scans[].layouts', () => {
  it("a declared layout's metadataKeys decide what is empty, and thresholds see it", async () => {
    const declared = await run({ layouts: [{ template: 'session_{id}', metadataKeys: ['identifier'] }] });
    expect(declared.kind === 'scan' && declared.thresholds).toEqual([
      expect.objectContaining({ id: 'SCAN-SHARE-EMPTY', count: 12, of: 12, pass: false }),
    ]);
    // detected without the layout: the same keys are sessions, but their identifier counts as data
    const detected = await run({});
    expect(detected.kind === 'scan' && detected.thresholds).toEqual([
      expect.objectContaining({ id: 'SCAN-SHARE-EMPTY', count: 0, of: 12, pass: true }),
    ]);
  });

  it('a pass never reads as "no orphans" where they cannot be counted', async () => {
    const config = parseConfig(JSON.stringify({ scans: [{ name: 'layer', store: `memory://${STORE}` }] }), { env: {} });
    const text = renderCheckText(await runCheck(config, { signal: new AbortController().signal }), {
      color: false,
      width: 200,
    });
    expect(text).toMatch(/PASS/);
    expect(text).toContain(
      '12 sessions in 12 keys: 12 anonymous; 0 orphans; orphans cannot be told under session_ (sessctl scan says why)',
    );
  });
});
