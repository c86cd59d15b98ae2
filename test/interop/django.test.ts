import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import { expectedMeaning, liveStores, loadFixtures, PYTHON } from './non-node.js';

const stores = liveStores();
const IDENTITY = ['_auth_user_id'];

describe('Django 3.2 sessions (Debian python3-django; PyMemcacheCache, django-redis)', () => {
  it('cache and cached_db engines on memcached and django-redis read back as empty / anonymous / authenticated', async () => {
    const prefix = `it-django-${randomUUID().slice(0, 8)}`;
    const entries = await stores.generate(PYTHON, 'django_app.py', prefix);
    expect(entries.map((e) => `${e.variant}/${e.case}`)).toEqual(
      ['memcached-cache', 'memcached-cached_db', 'redis-cache'].flatMap((v) => [
        `${v}/empty`,
        `${v}/anonymous`,
        `${v}/authenticated`,
      ]),
    );
    for (const entry of entries) {
      const stored = await stores.read(entry);
      if (entry.store === 'memcached') expect(stored.flags).toBe(1); // pymemcache FLAG_PICKLE
      // the key pattern holds under any KEY_PREFIX, so key and shape agree
      expect({ at: `${entry.variant}/${entry.case}`, ...interpret(stored) }).toMatchObject({
        at: `${entry.variant}/${entry.case}`,
        ...expectedMeaning('django', entry.case, IDENTITY),
        format: 'pickle',
        confidence: 'high',
      });
    }
  });

  for (const f of loadFixtures('django')) {
    it(`fixture ${f.variant}/${f.case} (${f.meta.store}, ttl ${f.meta.ttlS}s)`, () => {
      expect(interpret(f.stored)).toMatchObject({ ...expectedMeaning('django', f.case, IDENTITY), confidence: 'high' });
    });
  }
});
