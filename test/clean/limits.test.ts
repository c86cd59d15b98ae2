import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clean } from '../../src/clean/clean.js';
import { expressSession, sid } from './sessions.js';

const servers = inject('servers');
const dir = mkdtempSync(join(tmpdir(), 'sessctl-clean-limits-'));

describe('clean limits on valkey (CLIENT NO-TOUCH)', () => {
  let w: Redis;
  let n = 0;
  const created: string[] = [];
  const base = `sess:cx${process.pid}-`;

  /** `count` empty sessions under a fresh stem, looking idle for 10 minutes. */
  async function group(count: number, ttl = true): Promise<{ keys: string[]; match: string }> {
    const stem = `${base}${n++}-`;
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const k = `${stem}${sid()}`;
      const { value, ttlMs } = expressSession('empty');
      await (ttl ? w.set(k, value, 'PX', ttlMs) : w.set(k, value));
      await w.call('RESTORE', k, String(ttl ? ttlMs : 0), await w.dumpBuffer(k), 'REPLACE', 'IDLETIME', '600');
      keys.push(k);
    }
    created.push(...keys);
    return { keys, match: `${stem}*` };
  }
  const live = async (keys: string[]) => (keys.length ? w.exists(...keys) : 0);

  beforeAll(() => {
    w = new Redis(servers.valkey.url);
  });
  afterAll(async () => {
    if (created.length) await w.del(...created);
    w.disconnect();
  });

  it('a plain read between scan and delete (idle time reset) keeps the session', async () => {
    const { keys, match } = await group(5);
    let done = false;
    const r = await clean(servers.valkey.url, {
      match,
      apply: true,
      backup: join(dir, 'read.ndjson'),
      // In the batch that holds the key: read before its selection, it would be selected as read.
      onBeforeBatch: async (batch) => {
        if (done || !batch.some((c) => c.raw.key.toString() === keys[0])) return;
        done = true;
        await w.get(keys[0]!); // touches: this connection has no NO-TOUCH
      },
    });
    expect(done).toBe(true);
    expect(r.method.checks).toContain('idle');
    expect(r.result).toMatchObject({ deleted: 4, skipped: { changed: 1 } });
    expect(await w.exists(keys[0]!)).toBe(1);
  });

  it('--max-delete stops at the limit and counts over resumed runs', async () => {
    const { keys, match } = await group(10);
    const backup = join(dir, 'max.ndjson');
    const a = await clean(servers.valkey.url, { match, apply: true, backup, maxDelete: 3 });
    expect(a.result).toMatchObject({ deleted: 3, skipped: { limit: 7 } });
    expect(await live(keys)).toBe(7);
    const b = await clean(servers.valkey.url, { match, apply: true, backup, maxDelete: 5 });
    expect(b.result).toMatchObject({ deleted: 2, resumedDeleted: 3, skipped: { limit: 5 } });
    expect(await live(keys)).toBe(5);
  });

  it('--fix-ttl gives never-expiring sessions an expiry (EXPIRE NX) and deletes nothing', async () => {
    const { keys, match } = await group(3, false);
    const backup = join(dir, 'fix.ndjson');
    const r = await clean(servers.valkey.url, { match, apply: true, backup, fixTtlMs: 86_400_000 });
    expect(r.result).toMatchObject({ deleted: 0, fixed: 3 });
    for (const k of keys) expect(Math.abs((await w.pttl(k)) - 86_400_000)).toBeLessThan(5_000);
    expect(readFileSync(backup, 'utf8')).not.toContain('"type":"redis"');
  });

  it('an interrupted run (AbortSignal) stops between batches; rerun on the same backup finishes without deleting twice', async () => {
    const { keys, match } = await group(30);
    const backup = join(dir, 'abort.ndjson');
    const ac = new AbortController();
    let batches = 0;
    // --rate 40/s makes batches of at most 10; abort while the second is being prepared.
    const a = await clean(servers.valkey.url, {
      match,
      apply: true,
      backup,
      rate: 40,
      signal: ac.signal,
      onBeforeBatch: () => void (++batches === 2 && ac.abort()),
    });
    expect(a.complete).toBe(false);
    const first = a.result!.deleted;
    // SCAN may hand the 30 keys over in more than one batch, so the split point is not fixed.
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(30);
    expect(await live(keys)).toBe(30 - first);
    const b = await clean(servers.valkey.url, { match, apply: true, backup });
    expect(b.complete).toBe(true);
    expect(b.result).toMatchObject({ deleted: 30 - first, resumedDeleted: first });
    expect(await live(keys)).toBe(0);
  });
});
