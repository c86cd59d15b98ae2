import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cleanProgressReporter } from './clean-progress.js';
import { restoreProgressReporter } from './restore-progress.js';
import { progressReporter } from './scan-progress.js';

function terminal(columns: number) {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns });
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  // Each update starts with \r and erase-line; what follows must fit the row to be redrawn in place.
  return { stream, lines: () => out.split('\r\x1b[2K').filter((l) => l !== '') };
}

describe('progress lines fit the terminal, so they redraw in place (issue 20 §6)', () => {
  it('clean at 80 columns with the longest figures', () => {
    const t = terminal(80);
    const p = cleanProgressReporter(t.stream, 0);
    p.update({
      scanned: 123_456_789,
      expected: 987_654_321,
      selected: 100_000_000,
      deleted: 99_999_999,
      skipped: 12_345,
      elapsedMs: 10_000,
    });
    const [line] = t.lines();
    expect(line!.length).toBeLessThan(80);
    expect(line).toMatch(/^scanned 123,456,789\/987,654,321 \(12%\) · selected 100,000,000 · deleted/);
    expect(line!.endsWith('…')).toBe(true);
  });

  it('scan at 80 columns, and a wide terminal shows the whole line', () => {
    const narrow = terminal(80);
    progressReporter(narrow.stream, 0).update({
      scanned: 123_456_789,
      expected: 987_654_321,
      elapsedMs: 10_000,
    } as never);
    expect(narrow.lines()[0]!.length).toBeLessThan(80);
    const wide = terminal(160);
    progressReporter(wide.stream, 0).update({
      scanned: 123_456_789,
      expected: 987_654_321,
      elapsedMs: 10_000,
    } as never);
    expect(wide.lines()[0]).toMatch(/ · ETA \d+/);
  });

  it('restore says how far, in percent, and when it will be done', () => {
    const t = terminal(80);
    let now = 0;
    const p = restoreProgressReporter(t.stream, { intervalMs: 0, now: () => now });
    now = 2000;
    p.update({ done: 60_000, total: 240_000 });
    expect(t.lines()[0]).toBe('restoring 60,000/240,000 (25%) · 30,000 keys/s · ETA 6s');
    p.done();
  });
});
