import { expect } from 'vitest';
import type { LoadedPage } from './chromium.js';

/**
 * A report page loaded as it must: no console error, no request but the file itself (each other
 * one was blocked before it left the browser), and no dialog, which would mean a script ran.
 */
export function expectQuietLoad(page: LoadedPage): void {
  expect(page.errors).toEqual([]);
  expect(page.blocked).toEqual([]);
  expect(page.requested.filter((u) => u !== page.url)).toEqual([]);
  expect(page.dialogs).toEqual([]);
}
