import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import type { NodeFrameworkId } from '../../scripts/fixtures/node-apps.mjs';
import { NODE_EXPECTED, SCENARIOS } from './node-expectations.js';

interface Meta {
  key: string;
  store: 'redis' | 'memcached';
  ttlMs: number;
  flags?: number;
  capturedAt: string;
}

const load = (fw: string, s: string) => ({
  bytes: readFileSync(join('test/fixtures/node', fw, `${s}.bin`)),
  meta: JSON.parse(readFileSync(join('test/fixtures/node', fw, `${s}.json`), 'utf8')) as Meta,
});

describe.each(Object.keys(NODE_EXPECTED) as NodeFrameworkId[])('%s fixtures (bytes the real framework wrote)', (fw) => {
  const expected = NODE_EXPECTED[fw];
  it.each(SCENARIOS)('%s', (scenario) => {
    const { bytes, meta } = load(fw, scenario);
    const m = interpret({ key: meta.key, bytes, flags: meta.flags, store: meta.store });
    expect(m).toMatchObject({
      ...expected[scenario],
      format: 'json',
      decoded: true,
      confidence: fw === 'connect-memcached' ? 'medium' : 'high',
    });
    expect(m.rewritesOnRequest === true).toBe(expected.rewritesOnRequest);
    if (expected.createdAt) {
      // the write happened just before capture: created-at (last write) is within a second of it
      expect(Math.abs(m.createdAt! - Date.parse(meta.capturedAt))).toBeLessThan(1000);
      expect(m.createdAtKind).toBe('last-write');
    } else {
      expect(m.createdAt).toBeUndefined();
    }
  });

  it('without the key, the shape alone still names the framework (medium)', () => {
    const { bytes, meta } = load(fw, 'anonymous');
    const m = interpret({ bytes, flags: meta.flags, store: meta.store });
    expect(m).toMatchObject({ framework: expected.anonymous.framework, confidence: 'medium', anonymous: true });
  });
});
