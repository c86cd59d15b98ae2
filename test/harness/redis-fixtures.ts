import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

/** A Redis-backed session of test/fixtures: the bytes a real framework wrote, with its key and TTL. */
export interface FixtureSession {
  file: string;
  key: string;
  ttlMs: number;
  value: Buffer | Record<string, Buffer>;
}

export function redisFixtureSessions(dir = join(import.meta.dirname, '../fixtures')): FixtureSession[] {
  const out: FixtureSession[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...redisFixtureSessions(path));
    else if (entry.name.endsWith('.meta.json')) {
      const meta = JSON.parse(readFileSync(path, 'utf8')) as {
        file: string;
        key: string;
        store: string;
        ttlS: number;
        redisType?: string;
      };
      if (meta.store !== 'redis') continue;
      const raw = readFileSync(join(dir, meta.file));
      const value =
        meta.redisType === 'hash'
          ? Object.fromEntries(
              Object.entries(JSON.parse(raw.toString()) as Record<string, string>).map(([f, v]) => [
                f,
                Buffer.from(v, 'base64'),
              ]),
            )
          : raw;
      out.push({ file: path, key: meta.key, ttlMs: meta.ttlS * 1000, value });
    } else if (entry.name.endsWith('.json') && readdirSync(dir).includes(entry.name.replace(/\.json$/, '.bin'))) {
      const meta = JSON.parse(readFileSync(path, 'utf8')) as { key: string; store: string; ttlMs: number };
      if (meta.store === 'redis')
        out.push({
          file: path,
          key: meta.key,
          ttlMs: meta.ttlMs,
          value: readFileSync(path.replace(/\.json$/, '.bin')),
        });
    }
  }
  return out;
}

/** Writes the sessions as their frameworks did: strings with SET … PX, Spring's hashes with HSET + PEXPIRE. */
export async function writeSessions(r: Redis, sessions: FixtureSession[]): Promise<void> {
  for (const s of sessions) {
    if (Buffer.isBuffer(s.value)) await r.set(s.key, s.value, 'PX', s.ttlMs);
    else await r.multi().hset(s.key, s.value).pexpire(s.key, s.ttlMs).exec();
  }
}
