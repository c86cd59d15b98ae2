import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WatchHistory } from '../watch/history.js';
import type { WatchTick } from '../watch/types.js';
import { renderWatchFrame, renderWatchSummary } from './watch-text.js';

const tick = (seq: number, createdPerS: number, problems: string[] = []): WatchTick => ({
  t: `2026-12-04T12:00:0${seq}.000Z`,
  intervalS: 5,
  seq,
  totals: { keys: 1000, createdPerS, expiredPerS: 0, evictedPerS: 0, deletedPerS: null },
  prefixes: [
    {
      t: `2026-12-04T12:00:0${seq}.000Z`,
      prefix: 'sess:',
      framework: 'express-session',
      sessions: 900,
      sessionsError: 12,
      createdPerS,
      error: 1.5,
      expiredPerS: 0,
      emptyShare: 0.98,
      neverReadShare: null,
      classShares: { empty: 0.5, neverRead: null },
      sampled: 200,
    },
  ],
  sample: { keys: 200, windowKeys: 1000, windowNewest: 50, passes: 1 },
  problems,
});

function history(...ticks: WatchTick[]): WatchHistory {
  const h = new WatchHistory();
  h.facts = {
    kind: 'redis',
    url: 'redis://***@cache:6379',
    nodes: ['cache:6379'],
    payloads: true,
    newestS: 30,
    caveats: ['c'],
  };
  for (const t of ticks) h.add(t);
  return h;
}

describe('renderWatchFrame', () => {
  it('shows each prefix with its estimate ± sampling error and a sparkline of created/s, without colour codes', () => {
    const text = renderWatchFrame(history(tick(0, 0), tick(1, 50), tick(2, 25), tick(3, 0, ['cache:6379: gone'])), {
      color: false,
      width: 120,
    });
    expect(text).toContain('sessctl watch redis://***@cache:6379 · 1 node · every 5s');
    expect(text).toMatch(/sess:\s+express-session\s+900 ±12\s+0\.0 ±1\.5\s+0\.0\s+98%\s+–\s+·█▄·/);
    expect(text).toContain('! cache:6379: gone');
    expect(text).not.toContain('\x1b[');
  });

  it('fits 80 columns with its longest values, colours on, and keeps the figures aligned', () => {
    const long = (seq: number): WatchTick => {
      const t = tick(seq, 123_456.7);
      const p = t.prefixes[0]!;
      return {
        ...t,
        totals: { ...t.totals, keys: 12_345_678_901 },
        prefixes: [
          { ...p, prefix: 'myapp:production:eu-west-1:sessions:', framework: 'flask-session (custom layout)' },
          { ...p, prefix: 'x:', sessions: 12_345_678_901, sessionsError: 1_234_567, createdPerS: 7, error: 0 },
        ],
      };
    };
    for (const width of [80, 120]) {
      const lines = plain(renderWatchFrame(history(long(0), long(1), long(2)), { color: true, width })).split('\n');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
      const head = lines.find((l) => l.includes('never-read'))!;
      const rows = lines.filter((l) => /^ {2}(myapp|x:)/.test(l));
      expect(rows).toHaveLength(2);
      // right-aligned figures: each row's never-read share ends where its header does
      for (const row of rows) expect(row.indexOf('–') + 1).toBe(head.indexOf('never-read') + 'never-read'.length);
      expect(rows[0]).toMatch(width === 80 ? /…/ : /myapp:production:eu-west-1:sessions:/);
    }
    const summary = plain(renderWatchSummary(history(long(0), long(1)), { color: true, width: 80 })).split('\n');
    for (const line of summary) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('says it is waiting before the first interval', () => {
    expect(renderWatchFrame(history(), { color: false })).toContain('waiting for the first interval');
  });
});

describe('renderWatchSummary', () => {
  it('gives per prefix what was created, on average and at the peak', () => {
    const text = renderWatchSummary(history(tick(0, 10), tick(1, 30)), { color: false });
    expect(text).toContain('2 intervals over 10s');
    expect(text).toMatch(/sess:\s+express-session\s+created 200 \(mean 20\.0\/s, peak 30\.0\/s\)/);
  });
});
