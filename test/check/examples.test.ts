import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/check/parse-config.js';

describe('shipped examples', () => {
  it('examples/sessctl.config.json is valid, with and without REDIS_URL set', () => {
    const text = readFileSync(new URL('../../examples/sessctl.config.json', import.meta.url), 'utf8');
    const fallback = parseConfig(text, { env: {} });
    expect(fallback.scans[0]).toMatchObject({
      store: 'redis://localhost:6379',
      match: 'sess:*',
      minAgeMs: 600_000,
      maxCount: { orphan: 10000 },
    });
    expect(fallback.probes[0]).toMatchObject({ name: 'api', ignore: ['COOKIE-SECURE'] });
    const ci = parseConfig(text, { env: { REDIS_URL: 'redis://:pw123@redis:6379/1' } });
    expect(ci.scans[0]!.store).toBe('redis://:pw123@redis:6379/1');
    expect(ci.scans[0]!.name).toBe('sessions');
  });
});
