import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanReport } from '../../src/clean/types.js';
import { resultBars, selectionBars } from '../../src/report/html/clean-bars.js';
import { launchChromium, type Chromium, type LoadedPage } from '../harness/chromium.js';
import { expectQuietLoad } from '../harness/expect-quiet-load.js';
import { sessctl } from '../harness/cli.js';
import { startRedis, type RunningServer } from '../harness/servers.js';

const PASSWORD = 'clean-html-pa55';
/** A backup path with markup in it: a file name is text on the page like anything else. */
const BACKUP_NAME = '<i>backup.ndjson';

async function seed(port: number): Promise<void> {
  const r = new Redis({ port, password: PASSWORD, lazyConnect: true });
  await r.connect();
  const p = r.pipeline();
  const cookie = { originalMaxAge: 86_400_000, expires: new Date(Date.now() + 86_400_000).toISOString(), path: '/' };
  for (const prefix of ['shop:sess:', 'admin:sess:'])
    for (let i = 0; i < 24; i++) {
      const session = i % 4 === 0 ? { cookie, userId: `u${i}` } : { cookie };
      p.set(
        `${prefix}${String(i).padStart(4, '0')}abcdefghijklmnopqrstuvwxyz0123`,
        JSON.stringify(session),
        'EX',
        86_400,
      );
    }
  await p.exec();
  r.disconnect();
}

describe('sessctl clean --output html (issue 16)', () => {
  let server: RunningServer;
  let chromium: Chromium;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startRedis('redis', ['--requirepass', PASSWORD]), launchChromium()]);
    await seed(server.port);
    dir = mkdtempSync(join(tmpdir(), 'sessctl-html-clean-'));
    url = `redis://:${PASSWORD}@127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(name: string, args: string[]): Promise<{ report: CleanReport; page: LoadedPage }> {
    const file = join(dir, `${name}.html`);
    const r = await sessctl(['--format', 'json', '--output', `html=${file}`, 'clean', url, '--min-age', '0s', ...args]);
    // --apply says on stderr what it is about to do; a dry run says nothing.
    expect(r.stderr).not.toContain(PASSWORD);
    expect(r.code, r.stderr).toBe(0);
    const page = await chromium.load(file);
    expectQuietLoad(page);
    expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);
    await page.screenshot(`clean-${name}`);
    return { report: JSON.parse(r.stdout) as CleanReport, page };
  }

  const bars = (page: LoadedPage, chart: string) =>
    page.evaluate<string[]>(
      `[...document.querySelectorAll('svg[data-chart=${chart}] rect.bar')].map((r) => r.getAttribute('class').split(' ')[1] + '=' + r.dataset.count)`,
    );

  it('a dry run shows the plan: a bar per prefix and class, nothing deleted', async () => {
    const { report, page } = await run('plan', []);
    try {
      expect(report.applied).toBe(false);
      expect(report.selected.count).toBe(36);
      expect(await bars(page, 'selection')).toEqual(selectionBars(report).map((b) => `${b.tone}=${b.count}`));
      expect(await bars(page, 'result')).toEqual([]);
      expect(await page.evaluate<string>('document.querySelector("section.plan").textContent')).toMatch(
        /run again with\s+--apply/,
      );
    } finally {
      await page.close();
    }
  });

  it('--apply shows what was deleted and kept, and the backup to undo it with', async () => {
    const backup = join(dir, BACKUP_NAME);
    const { report, page } = await run('apply', ['--apply', '--yes', '--backup', backup]);
    try {
      expect(report.result?.deleted).toBe(36);
      expect(await bars(page, 'result')).toEqual(resultBars(report).map((b) => `${b.tone}=${b.count}`));
      const dom = await page.evaluate<{ italics: number; backup: string }>(
        `({ italics: document.querySelectorAll('i').length, backup: document.querySelector('section.backup').textContent })`,
      );
      expect(dom.italics).toBe(0);
      expect(dom.backup).toContain(`sessctl restore ${backup}`);
    } finally {
      await page.close();
    }
  });
});
