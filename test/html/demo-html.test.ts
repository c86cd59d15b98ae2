import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoReport } from '../../src/demo/run-demo.js';
import { classBars } from '../../src/report/html/class-bars.js';
import { launchChromium, type Chromium, type LoadedPage } from '../harness/chromium.js';
import { expectQuietLoad } from '../harness/expect-quiet-load.js';
import { sessctl } from '../harness/cli.js';

describe('sessctl demo --output html (issue 16)', () => {
  let chromium: Chromium;
  let dir: string;
  let report: DemoReport;
  let page: LoadedPage;

  beforeAll(async () => {
    chromium = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'sessctl-html-demo-'));
    const file = join(dir, 'demo.html');
    const run = await sessctl(['--format', 'json', '--output', `html=${file}`, 'demo']);
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(run.stdout) as DemoReport;
    page = await chromium.load(file);
  });
  afterAll(async () => {
    await page?.close();
    await chromium?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error, no request but the file, and no script run', async () => {
    expectQuietLoad(page);
    await page.screenshot('demo');
  });

  it("puts the two apps' class charts next to each other, each with its bars", async () => {
    const charts = await page.evaluate<Array<{ app: string; bars: string[]; top: number; left: number }>>(
      `[...document.querySelectorAll('div.app')].map((a) => {
        const svg = a.querySelector('svg[data-chart=classes]');
        const box = svg.getBoundingClientRect();
        return { app: a.dataset.app, top: Math.round(box.top), left: Math.round(box.left),
          bars: [...svg.querySelectorAll('rect.bar')].map((r) => r.getAttribute('class').split(' ')[1] + '=' + r.dataset.count) };
      })`,
    );
    expect(charts.map((c) => c.app)).toEqual(['naive', 'sessctl']);
    for (const c of charts) {
      const scan = report.apps[c.app as 'naive' | 'sessctl'].scan;
      expect(c.bars).toEqual(
        classBars(scan.classes, scan.totals.sessions, scan.totals.orphans).map((b) => `k-${b.id}=${b.count}`),
      );
    }
    expect(charts[0]!.top).toBe(charts[1]!.top);
    expect(charts[1]!.left).toBeGreaterThan(charts[0]!.left + 300);
    // The naive app's orphans are the story: its bar is there and not empty; the sessctl app has none.
    expect(charts[0]!.bars).toContain(`k-orphans=${report.apps.naive.summary.orphans}`);
    expect(report.apps.naive.summary.orphans).toBeGreaterThan(0);
    expect(charts[1]!.bars).toContain('k-orphans=0');
  });
});
