import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../harness/chromium.js';

// The browser tests pass by seeing nothing: these pages prove the harness sees what it must fail on.
describe('the chromium harness catches what a report must never do', () => {
  let chromium: Chromium;
  let dir: string;
  beforeAll(async () => {
    chromium = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'sessctl-html-harness-'));
  });
  afterAll(async () => {
    await chromium?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a request for anything but the file is blocked and listed', async () => {
    const file = join(dir, 'fetches.html');
    writeFileSync(
      file,
      '<!doctype html><title>t</title><img src="http://127.0.0.1:9/pixel.png"><link rel="stylesheet" href="https://example.invalid/x.css">',
    );
    const page = await chromium.load(file);
    expect(page.blocked.sort()).toEqual(['http://127.0.0.1:9/pixel.png', 'https://example.invalid/x.css']);
    expect(page.requested).toContain('http://127.0.0.1:9/pixel.png');
    await page.close();
  });

  it('console errors, exceptions and dialogs are recorded', async () => {
    const file = join(dir, 'errors.html');
    writeFileSync(
      file,
      '<!doctype html><title>t</title><script>console.error("boom"); alert("ran")</script><script>throw new Error("thrown")</script>',
    );
    const page = await chromium.load(file);
    expect(page.errors.join('\n')).toMatch(/console\.error: \["boom"\]/);
    expect(page.errors.join('\n')).toMatch(/exception: .*Uncaught/);
    expect(page.dialogs).toEqual(['ran']);
    await page.close();
  });

  it('a clean page loads with nothing recorded, and only itself requested', async () => {
    const file = join(dir, 'clean.html');
    writeFileSync(file, '<!doctype html><title>t</title><p>ok</p>');
    const page = await chromium.load(file);
    expect({ errors: page.errors, blocked: page.blocked, dialogs: page.dialogs }).toEqual({
      errors: [],
      blocked: [],
      dialogs: [],
    });
    expect(page.requested.filter((u) => u !== page.url)).toEqual([]);
    expect(await page.evaluate<string>('document.querySelector("p").textContent')).toBe('ok');
    await page.close();
  });
});
