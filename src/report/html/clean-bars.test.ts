import { describe, expect, it } from 'vitest';
import type { CleanReport } from '../../clean/types.js';
import { resultBars, selectionBars } from './clean-bars.js';

const report = (over: Partial<CleanReport>) =>
  ({ selected: { count: 0, bytes: 0, groups: [] }, result: null, ...over }) as CleanReport;

describe('selectionBars', () => {
  it('gives each prefix and class a bar scaled to the largest group', () => {
    const bars = selectionBars(
      report({
        selected: {
          count: 30,
          bytes: 3000,
          groups: [
            { prefix: 'sess:', class: 'empty', action: 'delete', count: 20, bytes: 2000 },
            { prefix: '', class: 'no-ttl', action: 'fix-ttl', count: 10, bytes: 1000 },
          ],
        },
      }),
    );
    expect(bars).toEqual([
      { label: 'sess: empty', cells: ['sess:', 'empty', 'delete'], count: 20, bytes: 2000, share: 1, tone: 'k-empty' },
      {
        label: '(no prefix) no-ttl (expire)',
        cells: ['(no prefix)', 'no-ttl', 'expire'],
        count: 10,
        bytes: 1000,
        share: 0.5,
        tone: 'k-no-ttl',
      },
    ]);
  });
});

describe('resultBars', () => {
  it('has no bars for a dry run', () => {
    expect(resultBars(report({}))).toEqual([]);
  });

  it('shows deletes and every reason a key was kept, zeros included', () => {
    const bars = resultBars(
      report({
        result: {
          deleted: 8,
          fixed: 0,
          bytesFreed: 800,
          skipped: { changed: 2, gone: 0, error: 0, limit: 0 },
          resumedDeleted: 0,
        },
      }),
    );
    expect(bars.map((b) => [b.label, b.count, b.share])).toEqual([
      ['deleted', 8, 1],
      ['given an expiry', 0, 0],
      ['kept: changed', 2, 0.25],
      ['kept: gone', 0, 0],
      ['kept: error', 0, 0],
      ['kept: --max-delete', 0, 0],
    ]);
  });
});
