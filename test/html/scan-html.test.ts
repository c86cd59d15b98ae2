import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classBars } from '../../src/report/html/class-bars.js';
import type { ScanReport } from '../../src/scan/types.js';
import { launchChromium, type Chromium, type LoadedPage } from '../harness/chromium.js';
import { expectQuietLoad } from '../harness/expect-quiet-load.js';
import { sessctl } from '../harness/cli.js';
import { startRedis, type RunningServer } from '../harness/servers.js';

const PASSWORD = 'html-pa55-w0rd';
const XSS_KEY = 'sess:<script>alert(1)</script>';
const XSS_PREFIX = '<img src=x onerror=alert(2)>:';

/** express-session payloads: a third carry a user, the rest are empty; some never expire. */
async function seed(r: Redis): Promise<void> {
  const p = r.pipeline();
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 60; j++) {
      const id = `${i}x${j}`.padEnd(32, 'abcdefghijklmnopqrstuvwxyz'.slice(j % 20));
      const session: Record<string, unknown> = {
        cookie: { originalMaxAge: 86_400_000, expires: new Date(Date.now() + 86_400_000).toISOString(), path: '/' },
      };
      if (j % 3 === 0) session.userId = `u${j}`;
      if (j % 7 === 0) session.cart = 'x'.repeat(600 * (j % 5));
      const key = `app${i}:sess:${id}`;
      if (j % 10 === 9) p.set(key, JSON.stringify(session));
      else p.set(key, JSON.stringify(session), 'EX', 3600 * (1 + (j % 30)));
    }
  }
  p.set(XSS_KEY, JSON.stringify({ cookie: { originalMaxAge: 86_400_000 } }), 'EX', 86_400);
  p.set(`${XSS_PREFIX}abcdefghijklmnopqrstuvwx`, '"<b>payload</b>"', 'EX', 86_400);
  await p.exec();
}

describe('sessctl scan --output html (issue 16)', () => {
  let server: RunningServer;
  let chromium: Chromium;
  let dir: string;
  let url: string;
  let report: ScanReport;
  let file: string;
  let page: LoadedPage;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startRedis('redis', ['--requirepass', PASSWORD]), launchChromium()]);
    const r = new Redis({ port: server.port, password: PASSWORD, lazyConnect: true });
    await r.connect();
    await seed(r);
    r.disconnect();
    dir = mkdtempSync(join(tmpdir(), 'sessctl-html-scan-'));
    url = `redis://:${PASSWORD}@127.0.0.1:${server.port}`;
    file = join(dir, 'scan.html');
    const run = await sessctl(['scan', url, '--min-age', '0s', '--format', 'json', '--output', `html=${file}`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    report = JSON.parse(run.stdout) as ScanReport;
    page = await chromium.load(file);
  });
  afterAll(async () => {
    await page?.close();
    await chromium?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error, no request but the file, and no script run', async () => {
    expectQuietLoad(page);
    const shot = await page.screenshot('scan');
    expect(shot.bytes).toBeGreaterThan(10_000);
  });

  it('a 10-prefix report stays under 300 kB and never holds the password', () => {
    const html = readFileSync(file, 'utf8');
    expect(report.prefixes.filter((p) => p.sessions > 0).length).toBeGreaterThanOrEqual(10);
    expect(statSync(file).size).toBeLessThan(300_000);
    expect(html).not.toContain(PASSWORD);
    expect(html).toContain(`redis://:***@127.0.0.1:${server.port}`);
  });

  it('puts store, version, keys, sessions, orphans and idle trust in the summary', async () => {
    const summary = await page.evaluate<string>(
      'document.querySelector("section.summary").textContent.replace(/\\s+/g, " ")',
    );
    expect(summary).toContain(report.store.version);
    expect(summary).toContain(report.totals.keys.toLocaleString('en-US'));
    expect(summary).toContain(report.totals.sessions.toLocaleString('en-US'));
    expect(summary).toMatch(new RegExp(`${report.totals.orphans.count.toLocaleString('en-US')} \\(\\d+%\\)`));
    expect(summary).toMatch(/idle times: usable/);
  });

  it('draws each prefix its class bars and four histograms with one bar per bucket', async () => {
    const drawn = await page.evaluate<
      Array<{ prefix: string; classes: string[]; hist: Record<string, number> }>
    >(`[...document.querySelectorAll('section.prefix')].map((s) => ({
      prefix: s.dataset.prefix,
      classes: [...s.querySelectorAll('svg[data-chart=classes] rect.bar')].map((r) => r.getAttribute('class').split(' ')[1] + '=' + r.dataset.count),
      hist: Object.fromEntries([...s.querySelectorAll('svg.histogram')].map((h) => [h.dataset.chart, h.querySelectorAll('rect.bar').length])),
    }))`);
    const sessions = report.prefixes.filter((p) => p.sessions > 0);
    expect(drawn.map((d) => d.prefix)).toEqual(sessions.map((p) => p.prefix));
    for (const [i, p] of sessions.entries()) {
      expect(drawn[i]!.classes).toEqual(classBars(p.classes, p.sessions, p.orphans).map((b) => `k-${b.id}=${b.count}`));
      expect(drawn[i]!.hist).toEqual({
        'histogram-TTL': p.histograms.ttl.length,
        'histogram-idle': p.histograms.idle.length,
        'histogram-age': p.histograms.age.length,
        'histogram-size': p.histograms.size.length,
      });
    }
    // The seed gives each app prefix empty, anonymous-free user sessions and never-expiring ones.
    expect(drawn[0]!.classes.some((c) => c.startsWith('k-no-ttl='))).toBe(true);
    // Each bar's width is its share of the sessions: the orphans bar of the first prefix.
    const p0 = sessions[0]!;
    const width = await page.evaluate<number>(
      `Number(document.querySelector('section.prefix rect.bar.k-orphans').getAttribute('width'))`,
    );
    expect(width).toBeCloseTo((p0.orphans.count / p0.sessions) * 200, 0);
  });

  it('shows the verdict with the fix, the signals and a table beside every chart', async () => {
    const first = await page.evaluate<{ verdict: string; signals: number; tables: number; charts: number }>(`(() => {
      const s = document.querySelector('section.prefix');
      return { verdict: s.querySelector('.verdict').textContent, signals: s.querySelectorAll('ul.signals li').length,
        tables: s.querySelectorAll('table.data').length, charts: s.querySelectorAll('svg.chart').length };
    })()`);
    expect(first.verdict).toMatch(/saveUninitialized: false/);
    expect(first.signals).toBe(report.prefixes[0]!.signals.length);
    expect(first.tables).toBe(first.charts);
  });

  it('renders an attacker-chosen key and prefix as text', async () => {
    const shown = await sessctl(['scan', url, '--min-age', '0s', '--show-keys', '--format', 'html']);
    expect(shown.code).toBe(1);
    expect(shown.stdout.startsWith('<!doctype html>')).toBe(true);
    const shownFile = join(dir, 'shown.html');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(shownFile, shown.stdout);
    const p = await chromium.load(shownFile);
    try {
      expect(p.dialogs).toEqual([]);
      expect(p.errors).toEqual([]);
      expect(p.blocked).toEqual([]);
      const dom = await p.evaluate<{ scripts: number; imgs: number; text: string }>(
        `({ scripts: document.scripts.length, imgs: document.images.length, text: document.body.textContent })`,
      );
      expect(dom.scripts).toBe(0);
      expect(dom.imgs).toBe(0);
      expect(dom.text).toContain(XSS_KEY);
      expect(dom.text).toContain(XSS_PREFIX);
    } finally {
      await p.close();
    }
  });

  it('follows prefers-color-scheme and restyles for print', async () => {
    const dark = await chromium.load(file, { colorScheme: 'dark' });
    const print = await chromium.load(file, { media: 'print' });
    try {
      const bg = (p: LoadedPage) => p.evaluate<string>('getComputedStyle(document.body).backgroundColor');
      expect(await bg(page)).toBe('rgb(255, 255, 255)');
      expect(await bg(dark)).toBe('rgb(20, 23, 27)');
      expect(dark.errors).toEqual([]);
      await dark.screenshot('scan-dark');
      expect(await print.evaluate<string>('getComputedStyle(document.body).maxWidth')).toBe('none');
    } finally {
      await dark.close();
      await print.close();
    }
  });
});
