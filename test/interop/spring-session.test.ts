import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import { expectedMeaning, liveStores, loadFixtures, type ManifestEntry } from './non-node.js';

const stores = liveStores();
const { redis } = stores;
const IDENTITY = ['sessionAttr:SPRING_SECURITY_CONTEXT'];

/**
 * Spring Session is not in Debian: its fixtures are built by scripts/fixtures/spring/ (JDK
 * ObjectOutputStream values in the RedisSessionRepository hash layout; a JDK is needed only to
 * regenerate them). Here the committed hashes go through a real Redis and back, as a scan reads them.
 */
describe('Spring Session Data Redis hashes (built from the documented layout, not by Spring)', () => {
  const fixtures = loadFixtures('spring-session');

  it('has the empty, CSRF-only, anonymous and authenticated hashes', () => {
    expect(fixtures.map((f) => f.case).sort()).toEqual(['anonymous', 'authenticated', 'csrf-only', 'empty']);
  });

  it('hashes stored in Redis read back with their creation time and meaning', async () => {
    const prefix = `it-spring-${randomUUID().slice(0, 8)}:`;
    for (const f of fixtures) {
      const key = prefix + f.meta.key;
      const hash = f.stored.hash ?? new Map<string, Uint8Array>();
      await redis.hset(key, ...[...hash].flatMap(([field, value]) => [field, Buffer.from(value)]));
      await redis.expire(key, f.meta.ttlS);
      const entry: ManifestEntry = {
        framework: 'spring-session',
        variant: f.variant,
        case: f.case,
        store: 'redis',
        key,
        format: 'spring-hash',
        version: f.meta.version,
        how: f.meta.how,
      };
      stores.track([entry]);
      const stored = await stores.read(entry);
      expect(stored.hash?.size).toBe(hash.size);
      const meaning = interpret(stored);
      expect({ at: f.case, ...meaning }).toMatchObject({
        at: f.case,
        ...expectedMeaning('spring-session', f.case, IDENTITY),
        format: 'spring-hash',
        confidence: 'high',
        createdAtKind: 'exact',
        rewritesOnRequest: true,
      });
      expect(meaning.createdAt).toBeGreaterThan(Date.parse('2020-01-01'));
    }
  });

  for (const f of fixtures) {
    it(`fixture ${f.variant}/${f.case} (ttl ${f.meta.ttlS}s)`, () => {
      expect(interpret(f.stored)).toMatchObject({
        ...expectedMeaning('spring-session', f.case, IDENTITY),
        confidence: 'high',
      });
    });
  }
});
