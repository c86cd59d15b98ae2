import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import { expectedMeaning, liveStores, loadFixtures, PYTHON } from './non-node.js';

const stores = liveStores();
const IDENTITY = ['_user_id'];

describe('Flask-Session (Debian python3-flask-session 0.3.2, Flask-Login, Flask-CORS)', () => {
  it('what the real framework writes to Redis and memcached reads back as empty / anonymous / authenticated', async () => {
    const prefix = `it-flask-${randomUUID().slice(0, 8)}:`;
    const entries = await stores.generate(PYTHON, 'flask_session_app.py', prefix);
    expect(entries.map((e) => `${e.variant}/${e.case}`)).toEqual(
      ['redis-pickle', 'memcached-pickle', 'redis-msgpack', 'redis-json'].flatMap((v) => [
        `${v}/empty`,
        `${v}/anonymous`,
        `${v}/authenticated`,
      ]),
    );
    for (const entry of entries) {
      const stored = await stores.read(entry);
      const meaning = interpret(stored);
      expect({ at: `${entry.variant}/${entry.case}`, ...meaning }).toMatchObject({
        at: `${entry.variant}/${entry.case}`,
        ...expectedMeaning('flask-session', entry.case, IDENTITY),
        format: entry.format,
        confidence: 'high',
        rewritesOnRequest: true,
      });
    }
  });

  it('a CORS preflight is stored by 0.3.2 as exactly {_permanent: True} (pickle protocol 4 on Redis, 0 on memcached)', async () => {
    const fixtures = loadFixtures('flask-session').filter((f) => f.case === 'empty');
    const bytes = (variant: string) => Buffer.from(fixtures.find((f) => f.variant === variant)?.stored.bytes ?? []);
    expect(bytes('redis-pickle')).toEqual(
      Buffer.from('\x80\x04\x95\x12\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\n_permanent\x94\x88s.', 'latin1'),
    );
    expect(bytes('memcached-pickle').toString('latin1')).toBe('(dp0\nV_permanent\np1\nI01\ns.');
    expect(bytes('redis-msgpack')).toEqual(Buffer.from('\x81\xaa_permanent\xc3', 'latin1'));
  });

  for (const f of loadFixtures('flask-session')) {
    it(`fixture ${f.variant}/${f.case} (${f.meta.store}, ttl ${f.meta.ttlS}s)`, () => {
      expect(interpret(f.stored)).toMatchObject({
        ...expectedMeaning('flask-session', f.case, IDENTITY),
        confidence: 'high',
      });
    });
  }
});
