import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../src/probe/types.js';
import { statusSegments } from '../../src/report/html/status-segments.js';
import { launchChromium, type Chromium, type LoadedPage } from '../harness/chromium.js';
import { expectQuietLoad } from '../harness/expect-quiet-load.js';
import { sessctl } from '../harness/cli.js';
import { startRedis, type RunningServer } from '../harness/servers.js';
import { HEADER_MARKUP, startXssApp, type XssApp } from './xss-app.js';

const PASSWORD = 'probe-html-pa55';

describe('sessctl probe --output html (issue 16)', () => {
  let server: RunningServer;
  let app: XssApp;
  let chromium: Chromium;
  let dir: string;
  let report: ProbeReport;
  let file: string;
  let page: LoadedPage;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startRedis('redis', ['--requirepass', PASSWORD]), launchChromium()]);
    app = await startXssApp({ port: server.port, password: PASSWORD }, 'tsess:');
    dir = mkdtempSync(join(tmpdir(), 'sessctl-html-probe-'));
    file = join(dir, 'probe.html');
    const store = `redis://:${PASSWORD}@127.0.0.1:${server.port}`;
    const run = await sessctl(['probe', app.url, '--store', store, '--format', 'json', '--output', `html=${file}`]);
    expect(run.code).toBe(1);
    report = JSON.parse(run.stdout) as ProbeReport;
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
    await page.screenshot('probe');
  });

  it('redacts the store password and every session id the app handed out', () => {
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(PASSWORD);
    expect(app.ids.length).toBeGreaterThan(3);
    for (const id of app.ids) expect(html).not.toContain(id);
    expect(html).toMatch(/sid=&lt;redacted \d+ chars #[0-9a-f]{6}&gt;/);
  });

  it('shows the learned model, every check with status and severity, and findings with their evidence', async () => {
    const dom = await page.evaluate<{ model: string[]; checks: string[]; findings: string[]; evidence: number }>(`({
      model: [...document.querySelector('section.block table.data').rows].map((r) => [...r.cells].map((c) => c.textContent.trim()).join('=')),
      checks: [...document.querySelectorAll('section.checks tbody tr')].map((r) => r.cells[1].textContent.trim() + '=' + r.cells[0].textContent.trim()),
      findings: [...document.querySelectorAll('.finding')].map((f) => f.dataset.id),
      evidence: document.querySelectorAll('.finding table.evidence').length,
    })`);
    expect(dom.model).toContain('session cookie=sid');
    expect(dom.model).toContain('anonymous requests get a session=true');
    expect(dom.checks).toEqual(report.checks.map((c) => `${c.id}=${c.status}`));
    expect(dom.findings.sort()).toEqual(report.findings.map((f) => f.id).sort());
    expect(dom.evidence).toBe(report.findings.filter((f) => f.evidence).length);
    expect(report.findings.map((f) => f.id)).toContain('SESS-PREFLIGHT-MINT');
  });

  it('charts the checks by status and the store keys each step created', async () => {
    const drawn = await page.evaluate<{ segs: string[]; steps: string[] }>(`({
      segs: [...document.querySelectorAll('svg[data-chart=statuses] rect.seg')].map((r) => r.dataset.status + '=' + r.dataset.count),
      steps: [...document.querySelectorAll('svg[data-chart=step-keys] rect.bar')].map((r) => r.dataset.count),
    })`);
    expect(drawn.segs).toEqual(statusSegments(report.checks.map((c) => c.status)).map((s) => `${s.status}=${s.count}`));
    const counted = report.steps.filter((s) => s.keysCreated !== undefined);
    expect(counted.length).toBeGreaterThan(0);
    expect(drawn.steps).toEqual(counted.map((s) => String(s.keysCreated)));
    expect(report.store?.keysCreated.preflight).toBe(1);
  });

  it('renders markup in a response header as text', async () => {
    const text = await page.evaluate<string>('document.body.textContent');
    expect(text).toContain(HEADER_MARKUP);
    expect(await page.evaluate<number>('document.images.length + document.scripts.length')).toBe(0);
  });

  it('--format html prints the page on stdout', async () => {
    const r = await sessctl(['--format', 'html', 'probe', app.url]);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<!doctype html>')).toBe(true);
    const f = join(dir, 'stdout.html');
    writeFileSync(f, r.stdout);
    const p = await chromium.load(f, { colorScheme: 'dark' });
    expect({ errors: p.errors, blocked: p.blocked, dialogs: p.dialogs }).toEqual({
      errors: [],
      blocked: [],
      dialogs: [],
    });
    await p.close();
  });
});
