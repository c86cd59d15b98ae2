import { describe, expect, it } from 'vitest';
import { statusSegments } from './status-segments.js';

describe('statusSegments', () => {
  it('counts each status, failures first, and leaves out the absent ones', () => {
    expect(statusSegments(['pass', 'fail', 'pass', 'unknown', 'pass'])).toEqual([
      { status: 'fail', count: 1, share: 0.2 },
      { status: 'unknown', count: 1, share: 0.2 },
      { status: 'pass', count: 3, share: 0.6 },
    ]);
  });

  it('gives no segment for no checks', () => {
    expect(statusSegments([])).toEqual([]);
  });
});
