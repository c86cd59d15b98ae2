import { describe, expect, it } from 'vitest';
import { stepKeyBars } from './step-key-bars.js';

describe('stepKeyBars', () => {
  it('keeps every counted step, zeros included, scaled to the largest', () => {
    expect(
      stepKeyBars([
        { step: 'anon-1', method: 'GET', url: 'http://a/', status: 200, keysCreated: 2 },
        { step: 'preflight', method: 'OPTIONS', url: 'http://a/', status: 204, keysCreated: 0 },
        { step: 'cookie', method: 'GET', url: 'http://a/', status: 200, keysCreated: 1 },
      ]),
    ).toEqual([
      { step: 'anon-1', count: 2, share: 1 },
      { step: 'preflight', count: 0, share: 0 },
      { step: 'cookie', count: 1, share: 0.5 },
    ]);
  });

  it('has no bars without --store (no step counted keys)', () => {
    expect(stepKeyBars([{ step: 'anon-1', method: 'GET', url: 'http://a/', status: 200 }])).toEqual([]);
  });
});
