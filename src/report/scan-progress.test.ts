import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressReporter } from './scan-progress.js';

describe('scan progress line', () => {
  it('shows keys against DBSIZE with rate and ETA, throttled, and clears itself', () => {
    const s = new PassThrough();
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString()));
    const p = progressReporter(s, 250);
    p.update({ scanned: 1000, expected: 10_000, elapsedMs: 100 });
    p.update({ scanned: 5000, expected: 10_000, elapsedMs: 500 });
    p.update({ scanned: 5200, expected: 10_000, elapsedMs: 600 });
    p.done();
    expect(out).toContain('scanning 5,000/10,000 keys (50%) · 10,000 keys/s · ETA 1s');
    expect(out).not.toContain('5,200');
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });
});
