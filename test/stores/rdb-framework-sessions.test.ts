import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRdb, type RdbRecord } from '../../src/stores/rdb/index.js';
import { redisFixtureSessions as fixtures, writeSessions } from '../harness/redis-fixtures.js';
import { startRedis, type RunningServer } from '../harness/servers.js';

/** The real framework sessions written back to Redis with their keys and TTLs, dumped, and read back: every byte must survive. */
describe('framework sessions through a real dump', () => {
  const sessions = fixtures();
  let server: RunningServer;
  let records: Map<string, RdbRecord>;
  let savedAt = 0;

  beforeAll(async () => {
    server = await startRedis('redis');
    const r = new Redis(server.port, server.host);
    await writeSessions(r, sessions);
    const dir = ((await r.config('GET', 'dir')) as string[])[1]!;
    savedAt = Date.now();
    await r.save();
    r.disconnect();
    records = new Map();
    for await (const rec of readRdb(join(dir, 'dump.rdb'))) records.set(rec.key.toString('latin1'), rec);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('covers every Redis-backed framework fixture', () => {
    expect(sessions.length).toBeGreaterThanOrEqual(30);
    expect(records.size).toBe(sessions.length);
  });

  it('gives back each session byte for byte, with its TTL', () => {
    for (const s of sessions) {
      const rec = records.get(Buffer.from(s.key).toString('latin1'));
      expect(rec, s.file).toBeDefined();
      if (Buffer.isBuffer(s.value)) {
        expect(rec!.type, s.file).toBe('string');
        expect(Buffer.compare(rec!.value as Buffer, s.value), s.file).toBe(0);
      } else {
        expect(rec!.type, s.file).toBe('hash');
        const got = Object.fromEntries(
          (rec!.value as Array<[Buffer, Buffer]>).map(([f, v]) => [f.toString(), v.toString('base64')]),
        );
        expect(got, s.file).toEqual(
          Object.fromEntries(Object.entries(s.value).map(([f, v]) => [f, v.toString('base64')])),
        );
      }
      expect(Math.abs(rec!.expireAtMs! - (savedAt + s.ttlMs)), s.file).toBeLessThan(5000);
    }
  });
});
