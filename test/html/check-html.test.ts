import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/check-report.js';
import { statusSegments } from '../../src/report/html/status-segments.js';
import { launchChromium, type Chromium, type LoadedPage } from '../harness/chromium.js';
import { expectQuietLoad } from '../harness/expect-quiet-load.js';
import { sessctl } from '../harness/cli.js';
import { startRedis, type RunningServer } from '../harness/servers.js';
import { startXssApp, type XssApp } from './xss-app.js';

const PASSWORD = 'check-html-pa55';
/** A target name with markup: whatever the config says is text on the page. */
const NAME = 'api <i>v2</i>';

describe('sessctl check --output html (issue 16)', () => {
  let server: RunningServer;
  let app: XssApp;
  let chromium: Chromium;
  let dir: string;
  let report: CheckReport;
  let file: string;
  let page: LoadedPage;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startRedis('redis', ['--requirepass', PASSWORD]), launchChromium()]);
    app = await startXssApp({ port: server.port, password: PASSWORD }, 'sess:');
    // Visitors before the check: the scan finds their sessions (check may scan before it probes).
    for (let i = 0; i < 5; i++) await (await fetch(app.url)).arrayBuffer();
    dir = mkdtempSync(join(tmpdir(), 'sessctl-html-check-'));
    file = join(dir, 'check.html');
    const config = join(dir, 'sessctl.config.json');
    // The password comes from the environment, as a config in CI would take it: a secret wherever it lands.
    writeFileSync(
      config,
      JSON.stringify({
        failOn: 'medium',
        probes: [{ name: NAME, url: app.url, store: `redis://:\${REDIS_PASSWORD}@127.0.0.1:${server.port}` }],
        scans: [
          {
            name: 'sessions',
            store: `redis://:\${REDIS_PASSWORD}@127.0.0.1:${server.port}`,
            match: 'sess:*',
            minAge: '0s',
            maxShare: { empty: 0.05, 'no-ttl': 0 },
          },
        ],
      }),
    );
    const run = await sessctl(['--format', 'json', '--output', `html=${file}`, 'check', '--config', config], {
      env: { REDIS_PASSWORD: PASSWORD },
    });
    report = JSON.parse(run.stdout) as CheckReport;
    expect(run.code, JSON.stringify(report.targets.map((t) => t.errors))).toBe(1);
    page = await chromium.load(file);
  });
  afterAll(async () => {
    await page?.close();
    await chromium?.close();
    await app?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error, no request but the file, and no script run', async () => {
    expectQuietLoad(page);
    await page.screenshot('check');
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(PASSWORD);
    for (const id of app.ids) expect(html).not.toContain(id);
  });

  it('lays out the targets × items matrix, each failure linked to its rule docs', async () => {
    const grid = await page.evaluate<{
      heads: string[];
      rows: Array<{ id: string; cells: Array<string | null> }>;
    }>(`(() => {
      const t = document.querySelector('table.matrix');
      return {
        heads: [...t.tHead.rows[0].cells].slice(1).map((c) => c.firstChild.textContent.trim()),
        rows: [...t.tBodies[0].rows].map((r) => ({
          id: r.cells[0].textContent.trim(),
          cells: [...r.cells].slice(1).map((c) => c.dataset.status ? c.dataset.status + (c.querySelector('a') ? '@' + c.querySelector('a').getAttribute('href') : '') : null),
        })),
      };
    })()`);
    expect(grid.heads).toEqual(report.targets.map((t) => t.name));
    const ids = [...new Set(report.targets.flatMap((t) => t.items.map((i) => i.id)))];
    expect(grid.rows.map((r) => r.id)).toEqual(ids);
    for (const row of grid.rows)
      expect(row.cells).toEqual(
        report.targets.map((t) => {
          const i = t.items.find((x) => x.id === row.id);
          return i ? `${i.status}${i.docs ? `@${i.docs}` : ''}` : null;
        }),
      );
    const failed = grid.rows.flatMap((r) => r.cells).filter((c) => c?.startsWith('fail'));
    expect(failed.length).toBeGreaterThan(1);
    for (const c of failed) expect(c).toMatch(/@https:\/\/unpkg\.com\/sessctl\/docs\/checks\.md#[a-z0-9-]+$/);
  });

  it('draws one status bar per target, a segment per status', async () => {
    const segs = await page.evaluate<string[][]>(
      `[...document.querySelectorAll('svg[data-chart=target-statuses] > g')].map((g) => [...g.querySelectorAll('rect.seg')].map((r) => r.dataset.status + '=' + r.dataset.count))`,
    );
    expect(segs).toEqual(
      report.targets.map((t) => statusSegments(t.items.map((i) => i.status)).map((s) => `${s.status}=${s.count}`)),
    );
  });

  it('renders a target name with markup as text', async () => {
    const dom = await page.evaluate<{ italics: number; heads: string[] }>(
      `({ italics: document.querySelectorAll('i, img, script').length, heads: [...document.querySelectorAll('section.target h2')].map((h) => h.firstChild.textContent.trim()) })`,
    );
    expect(dom.italics).toBe(0);
    expect(dom.heads).toContain(NAME);
  });
});
