import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRdb, type RdbRecord } from '../../src/stores/rdb/index.js';
import { startRedis, type RunningServer } from '../harness/servers.js';

/**
 * The real framework sessions in test/fixtures (bytes each framework wrote, with its key and TTL),
 * written back to Redis with their keys and TTLs, dumped, and read back: every byte must survive.
 */
interface Session {
  file: string;
  key: string;
  ttlMs: number;
  value: Buffer | Record<string, Buffer>;
}

function fixtures(dir = join(import.meta.dirname, '../fixtures')): Session[] {
  const out: Session[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...fixtures(path));
    else if (entry.name.endsWith('.meta.json')) {
      const meta = JSON.parse(readFileSync(path, 'utf8')) as { file: string; key: string; store: string; ttlS: number; redisType?: string };
      if (meta.store !== 'redis') continue;
      const raw = readFileSync(join(dir, meta.file));
      const value = meta.redisType === 'hash' ? Object.fromEntries(Object.entries(JSON.parse(raw.toString()) as Record<string, string>).map(([f, v]) => [f, Buffer.from(v, 'base64')])) : raw;
      out.push({ file: path, key: meta.key, ttlMs: meta.ttlS * 1000, value });
    } else if (entry.name.endsWith('.json') && readdirSync(dir).includes(entry.name.replace(/\.json$/, '.bin'))) {
      const meta = JSON.parse(readFileSync(path, 'utf8')) as { key: string; store: string; ttlMs: number };
      if (meta.store === 'redis') out.push({ file: path, key: meta.key, ttlMs: meta.ttlMs, value: readFileSync(path.replace(/\.json$/, '.bin')) });
    }
  }
  return out;
}

describe('framework sessions through a real dump', () => {
  const sessions = fixtures();
  let server: RunningServer;
  let records: Map<string, RdbRecord>;
  let savedAt = 0;

  beforeAll(async () => {
    server = await startRedis('redis');
    const r = new Redis(server.port, server.host);
    for (const s of sessions) {
      if (Buffer.isBuffer(s.value)) await r.set(s.key, s.value, 'PX', s.ttlMs);
      else await r.multi().hset(s.key, s.value).pexpire(s.key, s.ttlMs).exec();
    }
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
        const got = Object.fromEntries((rec!.value as Array<[Buffer, Buffer]>).map(([f, v]) => [f.toString(), v.toString('base64')]));
        expect(got, s.file).toEqual(Object.fromEntries(Object.entries(s.value).map(([f, v]) => [f, v.toString('base64')])));
      }
      expect(Math.abs(rec!.expireAtMs! - (savedAt + s.ttlMs)), s.file).toBeLessThan(5000);
    }
  });
});
