import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clean } from '../../src/clean/clean.js';
import { restore } from '../../src/clean/restore.js';
import { expressSession, sid } from './sessions.js';

const servers = inject('servers');
const dir = mkdtempSync(join(tmpdir(), 'sessctl-clean-'));

interface Seeded {
  values: Map<string, string>;
  empty: string[];
  emptyNoTtl: string[];
  young: string[];
  kept: string[];
}

async function seed(w: Redis | Cluster, stem: string): Promise<Seeded> {
  const s: Seeded = { values: new Map(), empty: [], emptyNoTtl: [], young: [], kept: [] };
  // Sessions look idle for 10 minutes (RESTORE … IDLETIME), so restoring idle time is observable.
  const put = async (k: string, value: string, ttlMs?: number) => {
    s.values.set(k, value);
    await (ttlMs === undefined ? w.set(k, value) : w.set(k, value, 'PX', ttlMs));
    const dump = await w.dumpBuffer(k);
    await w.call('RESTORE', k, String(ttlMs ?? 0), dump, 'REPLACE', 'IDLETIME', '600');
  };
  for (let i = 0; i < 30; i++) {
    const k = `${stem}${sid()}`;
    const { value, ttlMs } = expressSession('empty');
    await put(k, value, ttlMs);
    s.empty.push(k);
  }
  for (let i = 0; i < 3; i++) {
    const k = `${stem}${sid()}`;
    await put(k, expressSession('empty').value);
    s.emptyNoTtl.push(k);
  }
  for (let i = 0; i < 4; i++) {
    const k = `${stem}${sid()}`;
    const { value, ttlMs } = expressSession('empty', 10_000);
    s.values.set(k, value);
    await w.set(k, value, 'PX', ttlMs);
    s.young.push(k);
  }
  for (const sc of ['authenticated', 'anonymous'] as const) {
    for (let i = 0; i < 5; i++) {
      const k = `${stem}${sid()}`;
      const { value, ttlMs } = expressSession(sc);
      await put(k, value, ttlMs);
      s.kept.push(k);
    }
  }
  return s;
}

/** TTL and idle time, read without touching (PTTL and OBJECT IDLETIME never touch). */
async function meta(w: Redis | Cluster, keys: string[]) {
  const out = new Map<string, { pttl: number; idle: number; at: number }>();
  for (const k of keys)
    out.set(k, { pttl: await w.pttl(k), idle: (await w.object('IDLETIME', k)) as number, at: Date.now() });
  return out;
}

describe.each([
  ['redis', () => servers.redis.url, () => new Redis(servers.redis.url)],
  ['valkey', () => servers.valkey.url, () => new Redis(servers.valkey.url)],
  ['cluster', () => servers.cluster.url, () => new Cluster(servers.cluster.nodes)],
] as const)('clean and restore on %s', (name, url, connect) => {
  let w: Redis | Cluster;
  let s: Seeded;
  const stem = `sess:cl${process.pid}${name}-`;
  const match = `${stem}*`;
  const all = () => [...s.empty, ...s.emptyNoTtl, ...s.young, ...s.kept];

  beforeAll(async () => {
    w = connect();
    s = await seed(w, stem);
  });
  afterAll(async () => {
    await w.del(...all()).catch(() => undefined);
    w.disconnect();
  });

  it('dry run selects the old empty sessions and deletes nothing', async () => {
    const r = await clean(url(), { match });
    expect(r.applied).toBe(false);
    expect(r.result).toBeNull();
    expect(r.backup).toBeNull();
    expect(r.selected.count).toBe(33);
    expect(r.selected.groups.reduce((a, g) => a + g.count, 0)).toBe(33);
    expect(r.selected.groups.every((g) => g.class === 'empty' && g.action === 'delete')).toBe(true);
    for (const k of all()) expect(await w.exists(k)).toBe(1);
  });

  it('--apply deletes exactly the selected class, spares sessions changed meanwhile, and restore puts everything back', async () => {
    const backup = join(dir, `${name}.ndjson`);
    const [rewritten, touched] = s.empty as [string, string];
    const before = await meta(w, all());
    const injected = new Set<string>();
    const r = await clean(url(), {
      match,
      apply: true,
      backup,
      // Deterministic "came alive between scan and delete", in the batch that holds each key (on a
      // cluster, batches come per node): one rewritten, one given a fresh TTL (a touch).
      onBeforeBatch: async (batch) => {
        const inBatch = (k: string) => !injected.has(k) && batch.some((c) => c.raw.key.toString() === k);
        if (inBatch(rewritten)) {
          injected.add(rewritten);
          await w.set(rewritten, expressSession('authenticated').value, 'KEEPTTL');
        }
        if (inBatch(touched)) {
          injected.add(touched);
          await w.pexpire(touched, 86_400_000);
        }
      },
    });
    expect(injected.size).toBe(2);
    expect(r.complete).toBe(true);
    expect(r.result).toMatchObject({ deleted: 31, skipped: { changed: 2, gone: 0, error: 0, limit: 0 } });
    expect(r.method.kind).toBe('lua');
    for (const k of [...s.empty.slice(2), ...s.emptyNoTtl]) expect(await w.exists(k)).toBe(0);
    for (const k of [rewritten, touched, ...s.young, ...s.kept]) expect(await w.exists(k)).toBe(1);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    const lines = readFileSync(backup, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const nodes = new Set(lines.filter((l) => l.type === 'redis').map((l) => l.node));
    // Each key went to the node that owns its slot: a cluster's keys spread over its primaries.
    expect(nodes.size).toBe(name === 'cluster' ? 3 : 1);

    const rr = await restore(backup);
    expect(rr).toMatchObject({
      complete: true,
      restored: 31,
      exists: 0,
      expired: 0,
      errors: 0,
      notDeleted: 2,
      corrupt: [],
    });
    for (const k of [...s.empty.slice(2), ...s.emptyNoTtl]) {
      const b = before.get(k)!;
      const m = (await meta(w, [k])).get(k)!;
      const elapsed = m.at - b.at;
      expect(m.idle - b.idle, 'idle time restored').toBeGreaterThanOrEqual(Math.floor(elapsed / 1000) - 1);
      expect(m.idle - b.idle, 'idle time restored').toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
      if (b.pttl === -1) expect(m.pttl).toBe(-1);
      else expect(Math.abs(m.pttl + elapsed - b.pttl), 'TTL within a second').toBeLessThan(1000);
      expect((await w.getBuffer(k))?.toString()).toBe(s.values.get(k));
    }
  });
});

describe('clean and restore of Spring Session hashes on redis', () => {
  const spring = (s: string) =>
    JSON.parse(
      readFileSync(new URL(`../fixtures/spring-session/redis-jdk/${s}.hash.json`, import.meta.url), 'utf8'),
    ) as Record<string, string>;
  const stem = `spring:session:sessions:cl${process.pid}-`;
  let w: Redis;
  const put = async (k: string, fields: Record<string, string>) => {
    await w.hset(k, Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, Buffer.from(v, 'base64')])));
    await w.expire(k, 1800);
  };
  beforeAll(() => {
    w = new Redis(servers.redis.url);
  });
  afterAll(() => w.disconnect());

  it('deletes the empty hash, spares one whose fields changed (same TTL), restores fields byte for byte', async () => {
    const [empty, changed, auth] = [`${stem}${sid()}`, `${stem}${sid()}`, `${stem}${sid()}`];
    await put(empty, spring('empty'));
    await put(changed, spring('empty'));
    await put(auth, spring('authenticated'));
    const before = await w.hgetallBuffer(empty);
    const backup = join(dir, 'spring.ndjson');
    let injected = false;
    const dry = await clean(servers.redis.url, { match: `${stem}*` });
    expect(dry.selected.count).toBe(2);
    const r = await clean(servers.redis.url, {
      match: `${stem}*`,
      apply: true,
      backup,
      // An attribute written without touching the TTL: only the field digest can see it. Written in
      // the batch that holds the key: a batch before it would change the hash before it was selected.
      onBeforeBatch: async (batch) => {
        if (injected || !batch.some((c) => c.raw.key.toString() === changed)) return;
        injected = true;
        await w.hset(changed, 'sessionAttr:x', 'y');
      },
    });
    expect(injected).toBe(true);
    expect(r.result).toMatchObject({ deleted: 1, skipped: { changed: 1 } });
    expect(await w.exists(empty, changed, auth)).toBe(2);
    expect((await restore(backup)).restored).toBe(1);
    expect(await w.hgetallBuffer(empty)).toEqual(before);
    expect(Math.abs((await w.ttl(empty)) - 1800)).toBeLessThanOrEqual(2);
    await w.del(empty, changed, auth);
  });
});
