import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import { expectedMeaning, liveStores, loadFixtures } from './non-node.js';

const stores = liveStores();
const IDENTITY = ['warden.user.user.key'];

describe('Rack sessions (Debian ruby-rack 2.2, ruby-redis-rack, ruby-dalli, ruby-warden)', () => {
  it('Rack::Session::Redis and Rack::Session::Dalli sessions read back as empty / CSRF-only / anonymous / authenticated', async () => {
    const prefix = `it-rack-${randomUUID().slice(0, 8)}:`;
    const entries = await stores.generate('ruby', 'rack_sessions.rb', prefix);
    expect(entries.map((e) => `${e.variant}/${e.case}`)).toEqual(
      ['redis-marshal', 'memcached-marshal'].flatMap((v) => [
        `${v}/empty`,
        `${v}/csrf-only`,
        `${v}/anonymous`,
        `${v}/authenticated`,
      ]),
    );
    for (const entry of entries) {
      const stored = await stores.read(entry);
      if (entry.case === 'empty')
        expect(Buffer.from(stored.bytes ?? [])).toEqual(Buffer.from([0x04, 0x08, 0x7b, 0x00])); // Marshal.dump({})
      expect({ at: `${entry.variant}/${entry.case}`, ...interpret(stored) }).toMatchObject({
        at: `${entry.variant}/${entry.case}`,
        ...expectedMeaning('rack', entry.case, IDENTITY),
        format: 'marshal',
        confidence: 'high',
      });
    }
  });

  for (const f of loadFixtures('rack')) {
    it(`fixture ${f.variant}/${f.case} (${f.meta.store}, ttl ${f.meta.ttlS}s)`, () => {
      expect(interpret(f.stored)).toMatchObject({ ...expectedMeaning('rack', f.case, IDENTITY), confidence: 'high' });
    });
  }
});
