import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/check/parse-config.js';
import { runCheck } from '../../src/check/run-check.js';
import { renderCheckText } from '../../src/report/check-text.js';
import { memoryKv } from '../../src/stores/memory/memory-kv.js';

const STORE = `chk-timeout-${process.pid}`;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('sessctl check: a scan that hits its timeout', () => {
  it('says it timed out, and does not pass thresholds on the part it saw', async () => {
    const kv = memoryKv(STORE);
    const empty = JSON.stringify({
      cookie: {
        originalMaxAge: 86_400_000,
        expires: new Date(Date.now() + 86_400_000).toISOString(),
        httpOnly: true,
        path: '/',
      },
    });
    for (let i = 0; i < 2000; i++) kv.set(`sess:t${String(i).padStart(30, '0')}`, empty, 86_400_000);
    try {
      // 2000 keys at 500 keys/s take 4 s; the entry's timeout stops the walk after 0.3 s.
      const config = parseConfig(
        JSON.stringify({
          timeout: '300ms',
          scans: [
            { name: 'slow', store: `memory://${STORE}`, rate: 500, maxShare: { empty: 1 }, maxCount: { 'no-ttl': 0 } },
          ],
        }),
        { env: {} },
      );
      const report = await runCheck(config, { signal: new AbortController().signal });
      expect(report.summary.exitCode).toBe(3);
      const items = report.targets[0]!.items;
      expect(items.find((i) => i.id === 'SCAN-INCOMPLETE')?.message).toBe('timed out after 0.3s');
      // within both limits for whatever keys it saw, which proves nothing about the rest
      const thresholds = items.filter((i) => i.id.startsWith('SCAN-SHARE-') || i.id.startsWith('SCAN-COUNT-'));
      expect(thresholds.map((i) => i.status)).toEqual(['unknown', 'unknown']);
      expect(thresholds[0]!.message).toMatch(/so far \(the scan stopped early\)/);
      const text = renderCheckText(report, { color: false, width: 200 });
      expect(text).toMatch(
        /\? +SCAN-SHARE-EMPTY +[\d,]+ of [\d,]+ sessions \(\d+%\) are empty so far\s+\(the scan stopped early\)/,
      );
      expect(text).not.toContain('response does not depend on the session');
    } finally {
      kv.clear();
    }
  });

  it('times out even when a garbage collection runs before the timeout is due', async () => {
    // A loaded machine collects garbage more often during a long scan. Node 20 holds an
    // AbortSignal.timeout inside AbortSignal.any only weakly: once collected, it never fires.
    const kv = memoryKv(`${STORE}-gc`);
    const empty = JSON.stringify({
      cookie: {
        originalMaxAge: 86_400_000,
        expires: new Date(Date.now() + 86_400_000).toISOString(),
        httpOnly: true,
        path: '/',
      },
    });
    for (let i = 0; i < 2000; i++) kv.set(`sess:g${String(i).padStart(30, '0')}`, empty, 86_400_000);
    const collector = setInterval(gc, 20);
    try {
      const config = parseConfig(
        JSON.stringify({ timeout: '300ms', scans: [{ name: 'slow', store: `memory://${STORE}-gc`, rate: 500 }] }),
        { env: {} },
      );
      const report = await runCheck(config, { signal: new AbortController().signal });
      expect(report.targets[0]!.complete).toBe(false);
      expect(report.summary.exitCode).toBe(3);
      expect(report.targets[0]!.errors).toEqual(['timed out after 0.3s']);
    } finally {
      clearInterval(collector);
      kv.clear();
    }
  });
});
