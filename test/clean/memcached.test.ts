import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clean } from '../../src/clean/clean.js';
import { restore } from '../../src/clean/restore.js';
import { memoryKv } from '../../src/stores/memory/memory-kv.js';
import { MemcachedConnection } from '../../src/stores/memcached/memcached-connection.js';
import { connectMemcachedSession, expressSession, sid } from './sessions.js';

const servers = inject('servers');
const dir = mkdtempSync(join(tmpdir(), 'sessctl-clean-mc-'));

describe('clean and restore on memcached', () => {
  let mc: MemcachedConnection;
  const stem = `mcl${process.pid}-`;
  const empty: string[] = [];
  const kept: string[] = [];
  const set = (k: string, v: string, mode = 'S') =>
    mc.meta([Buffer.concat([Buffer.from(`ms ${k} ${Buffer.byteLength(v)} F2 T86400 M${mode}\r\n`), Buffer.from(v)])]);
  const get = async (k: string) => (await mc.meta([`mg ${k} v f t c u`]))[0]!;

  beforeAll(async () => {
    mc = await MemcachedConnection.open(servers.memcached.host, servers.memcached.port);
    for (let i = 0; i < 20; i++) {
      const k = `${stem}${sid()}`;
      await set(k, connectMemcachedSession('empty'));
      empty.push(k);
    }
    for (let i = 0; i < 4; i++) {
      const k = `${stem}${sid()}`;
      await set(k, connectMemcachedSession('authenticated'));
      kept.push(k);
    }
  });
  afterAll(async () => {
    await mc.meta([...empty, ...kept].map((k) => `md ${k}`));
    mc.close();
  });

  it('dry run: fresh sessions are not old enough by default; with --min-age 0 the empty ones are selected, nothing deleted', async () => {
    expect((await clean(servers.memcached.url, { match: `${stem}*` })).selected.count).toBe(0);
    const r = await clean(servers.memcached.url, { match: `${stem}*`, minAgeMs: 0 });
    expect(r.selected.count).toBe(20);
    expect(r.method.kind).toBe('cas');
    for (const k of [...empty, ...kept]) expect((await get(k)).status).toBe('VA');
  });

  it('--apply deletes with md C<cas>; rewritten, read and touched items survive; restore is byte-identical with flags and TTL', async () => {
    const before = new Map(await Promise.all(empty.map(async (k) => [k, await get(k)] as const)));
    const [rewritten, read, touched] = empty as [string, string, string];
    const backup = join(dir, 'mc.ndjson');
    const injected = new Set<string>();
    const r = await clean(servers.memcached.url, {
      match: `${stem}*`,
      minAgeMs: 0,
      apply: true,
      backup,
      // Each change lands in the batch that holds the key, before that batch is backed up and deleted.
      onBeforeBatch: async (batch) => {
        for (const c of batch) {
          const k = c.raw.key.toString();
          if (injected.has(k)) continue;
          if (k === rewritten) await set(rewritten, connectMemcachedSession('anonymous'));
          else if (k === read)
            await mc.meta([`mg ${read} v`]); // a plain read: marks it fetched
          else if (k === touched)
            await mc.meta([`mg ${touched} T100000 u`]); // a touch: expiry pushed out, value and CAS unchanged
          else continue;
          injected.add(k);
        }
      },
    });
    expect(injected.size).toBe(3);
    expect(r.result).toMatchObject({ deleted: 17, skipped: { changed: 3, gone: 0, error: 0 } });
    for (const k of empty.slice(3)) expect((await get(k)).status).toBe('EN');
    for (const k of [rewritten, read, touched, ...kept]) expect((await get(k)).status).toBe('VA');

    const rr = await restore(backup);
    expect(rr).toMatchObject({ restored: 17, exists: 0, expired: 0, errors: 0, notDeleted: 3 });
    for (const k of empty.slice(3)) {
      const a = await get(k);
      const b = before.get(k)!;
      expect(a.value).toEqual(b.value);
      expect(a.flags.f).toBe('2');
      expect(Math.abs(Number(a.flags.t) - Number(b.flags.t))).toBeLessThanOrEqual(1);
    }
  });
});

describe('--fix-ttl on memcached', () => {
  it('gives never-expiring items an expiry without marking them fetched, and deletes nothing', async () => {
    const mc = await MemcachedConnection.open(servers.memcached.host, servers.memcached.port);
    const stem = `mcf${process.pid}-`;
    const keys = [`${stem}${sid()}`, `${stem}${sid()}`];
    const v = connectMemcachedSession('empty');
    for (const k of keys)
      await mc.meta([Buffer.concat([Buffer.from(`ms ${k} ${v.length} F2 T0\r\n`), Buffer.from(v)])]);
    const r = await clean(servers.memcached.url, {
      match: `${stem}*`,
      minAgeMs: 0,
      apply: true,
      backup: join(dir, 'mcfix.ndjson'),
      fixTtlMs: 3_600_000,
    });
    expect(r.result).toMatchObject({ deleted: 0, fixed: 2 });
    for (const k of keys) {
      const [m] = await mc.meta([`mg ${k} t h u`]);
      expect(Math.abs(Number(m!.flags.t) - 3600)).toBeLessThanOrEqual(1);
      expect(m!.flags.h).toBe('0');
    }
    await mc.meta(keys.map((k) => `md ${k}`));
    mc.close();
  });
});

describe('clean and restore on memory://', () => {
  it('deletes the old empty sessions, leaves a session read meanwhile, restores the rest exactly', async () => {
    const kv = memoryKv(`clean-test-${process.pid}`);
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { value, ttlMs } = expressSession('empty');
      const k = `sess:${sid()}`;
      kv.set(k, value, ttlMs);
      keys.push(k);
    }
    kv.set(`sess:${sid()}`, expressSession('authenticated').value, 60_000);
    const before = new Map(keys.map((k) => [k, { ...kv.peek(k)! }]));
    const backup = join(dir, 'mem.ndjson');
    const url = `memory://clean-test-${process.pid}`;
    const r = await clean(url, { apply: true, backup, onBeforeBatch: () => void kv.get(keys[0]!) });
    expect(r.result).toMatchObject({ deleted: 4, skipped: { changed: 1 } });
    expect(kv.size).toBe(2);
    const rr = await restore(backup);
    expect(rr.restored).toBe(4);
    for (const k of keys.slice(1)) expect(kv.peek(k)).toEqual(before.get(k));
  });

  it('restore (of an old unsigned backup, trusted) skips and counts entries whose expiry has passed, and keeps existing keys unless --replace', async () => {
    const name = `clean-exp-${process.pid}`;
    const kv = memoryKv(name);
    const line = (key: string, value: string, expireAt: number | null) =>
      JSON.stringify({
        type: 'memory',
        key: Buffer.from(key).toString('base64'),
        value: Buffer.from(value).toString('base64'),
        expireAt,
        lastAccess: 1,
        lastWrite: 1,
      });
    const file = join(dir, 'expired.ndjson');
    const header = {
      type: 'header',
      schema: 'sessctl-backup/1',
      store: { kind: 'memory', url: `memory://${name}`, version: 'x', hadCredentials: false },
      createdAt: '',
    };
    kv.set('sess:exists', 'now');
    writeFileSync(
      file,
      [
        JSON.stringify(header),
        line('sess:old', 'a', Date.now() - 1000),
        line('sess:new', 'b', Date.now() + 60_000),
        line('sess:exists', 'c', null),
      ].join('\n') + '\n',
    );
    await expect(restore(file)).rejects.toMatchObject({ code: 'SESSCTL_BACKUP_UNTRUSTED' });
    const r = await restore(file, { trustUnsigned: true });
    expect(r).toMatchObject({ entries: 3, restored: 1, expired: 1, exists: 1, errors: 0, verified: false });
    expect(kv.peek('sess:old')).toBeUndefined();
    expect(kv.peek('sess:new')?.value.toString()).toBe('b');
    expect(kv.peek('sess:exists')?.value.toString()).toBe('now');
    expect((await restore(file, { replace: true, trustUnsigned: true })).restored).toBe(2);
    expect(kv.peek('sess:exists')?.value.toString()).toBe('c');
  });
});
