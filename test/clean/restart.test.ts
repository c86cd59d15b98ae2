import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { clean } from '../../src/clean/clean.js';
import { startRedis, type RunningServer } from '../harness/servers.js';
import { expressSession, sid } from './sessions.js';

// 3600 keys are 15 SCAN batches: the walk cannot have finished when the fault hits at batch 2.
const EMPTY = 3300;
const LIVE = 300;
const dir = mkdtempSync(join(tmpdir(), 'sessctl-clean-restart-'));
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Keys of every entry in these backups (lines torn by nothing here, but read defensively). */
function backedUp(files: string[]): Set<string> {
  const keys = new Set<string>();
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line.includes('"type":"redis"') && !line.includes('"type":"memcached"')) continue;
      keys.add(Buffer.from(JSON.parse(line).key, 'base64').toString());
    }
  }
  return keys;
}

async function seed(r: Redis): Promise<{ empty: string[]; live: string[] }> {
  const empty = Array.from({ length: EMPTY }, () => `sess:${sid()}`);
  const live = Array.from({ length: LIVE }, () => `sess:${sid()}`);
  const p = r.pipeline();
  const e = expressSession('empty');
  const a = expressSession('authenticated');
  for (const k of empty) p.set(k, e.value, 'PX', e.ttlMs);
  for (const k of live) p.set(k, a.value, 'PX', a.ttlMs);
  await p.exec();
  await r.save();
  return { empty, live };
}

async function remaining(r: Redis, keys: string[]): Promise<Set<string>> {
  const p = r.pipeline();
  for (const k of keys) p.exists(k);
  const res = (await p.exec())!;
  return new Set(keys.filter((_, i) => res[i]![1] === 1));
}

describe('a clean --apply whose Redis drops mid-run', () => {
  for (const fault of ['restarted on the same port', 'CLIENT KILL of its connections'] as const) {
    it(`${fault}: incomplete or complete, never a delete outside the backup, and a rerun finishes`, async () => {
      server = await startRedis('redis');
      const r = new Redis(server.port, '127.0.0.1', { maxRetriesPerRequest: 20 });
      const { empty, live } = await seed(r);
      const backups = [join(dir, `${server.port}-1.ndjson`), join(dir, `${server.port}-2.ndjson`)];
      let batches = 0;
      const first = await clean(server.url, {
        apply: true,
        backup: backups[0]!,
        minAgeMs: 0,
        match: 'sess:*',
        onBeforeBatch: async () => {
          // The second batch: one was deleted, the rest are still to come.
          if (++batches !== 2) return;
          if (fault === 'CLIENT KILL of its connections') await r.client('KILL', 'TYPE', 'normal');
          else await server!.start();
        },
      });
      expect(batches).toBeGreaterThanOrEqual(2);
      if (fault === 'CLIENT KILL of its connections') {
        // Same server, same dataset: the walk resumes at its cursor and the batch is read again.
        expect(first.problems).toEqual([]);
        expect(first.complete).toBe(true);
        expect(first.result!.skipped.error).toBe(0);
        expect((await remaining(r, empty)).size).toBe(0);
      } else {
        // A new process: the cursor is void, so the run is incomplete (exit 3) and says why.
        expect(first.complete).toBe(false);
        expect(first.problems.join('\n')).toMatch(/restarted during the walk/);
      }

      const second = await clean(server.url, { apply: true, backup: backups[1]!, minAgeMs: 0, match: 'sess:*' });
      expect(second.complete).toBe(true);
      // Deletes are paced by their own answer times, by default.
      expect(first.pacing).toMatchObject({ walk: { mode: 'adaptive' }, deletes: { mode: 'adaptive' } });
      expect(first.pacing!.deletes!.baselineUsPerKey).toBeGreaterThan(0);
      expect(second.result!.skipped.error).toBe(0);
      expect((await remaining(r, empty)).size).toBe(0);
      // Nothing alive was touched, and every key that is gone is in a backup.
      expect((await remaining(r, live)).size).toBe(LIVE);
      const saved = backedUp(
        backups.filter((f) => {
          try {
            return readFileSync(f).length > 0;
          } catch {
            return false;
          }
        }),
      );
      for (const k of empty) expect(saved.has(k)).toBe(true);
      r.disconnect();
    });
  }
});
