/**
 * Bytes the real frameworks wrote (test/fixtures, committed by the frameworks work with their
 * generators) stored with their real TTL and flags on every server kind, then scanned: each must
 * come back as its framework with the right class.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scan } from '../../src/scan/scan.js';
import type { ScanRecord } from '../../src/scan/types.js';
import { loadFixtures, ROOT } from '../interop/non-node.js';

const servers = inject('servers');
const NON_NODE = ['django', 'flask-session', 'laravel', 'php', 'rack', 'spring-session'];
const NODE = ['express-session', 'fastify-session', 'connect-memcached', 'koa-session'];

interface Item {
  framework: string;
  name: string;
  kase: string;
  store: 'redis' | 'memcached';
  key: string;
  ttlS: number;
  flags?: number;
  bytes?: Buffer;
  hash?: Map<string, Buffer>;
}

/** Same length and character classes as the fixture's id, unique to this run: the servers are shared. */
function freshKey(key: string, salt: number): string {
  const tail = key.slice(-6);
  let seed = (process.pid * 7919 + salt * 104729) >>> 0;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  const swapped = [...tail].map((c) => {
    if (/[0-9a-f]/.test(c) && /^[0-9a-f]+$/.test(key.slice(-32))) return '0123456789abcdef'[next() % 16];
    if (/[a-z]/.test(c)) return String.fromCharCode(97 + (next() % 26));
    if (/[A-Z]/.test(c)) return String.fromCharCode(65 + (next() % 26));
    if (/[0-9]/.test(c)) return String(next() % 10);
    return c;
  });
  return key.slice(0, -6) + swapped.join('');
}

function loadAll(): Item[] {
  const items: Item[] = [];
  let salt = 0;
  for (const framework of NON_NODE) {
    for (const f of loadFixtures(framework)) {
      items.push({
        framework,
        name: `${framework}/${f.variant}/${f.case}`,
        kase: f.case,
        store: f.meta.store,
        key: freshKey(f.meta.key, salt++),
        ttlS: f.meta.ttlS,
        flags: f.meta.flags,
        bytes: f.stored.bytes ? Buffer.from(f.stored.bytes) : undefined,
        hash: f.stored.hash ? new Map([...f.stored.hash].map(([k, v]) => [k, Buffer.from(v)])) : undefined,
      });
    }
  }
  for (const framework of NODE) {
    const dir = join(ROOT, 'test', 'fixtures', 'node', framework);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const meta = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        key: string;
        store: 'redis' | 'memcached';
        ttlMs?: number;
        flags?: number;
      };
      const kase = file.slice(0, -'.json'.length);
      items.push({
        framework,
        name: `${framework}/${kase}`,
        kase,
        store: meta.store,
        key: freshKey(meta.key, salt++),
        ttlS: meta.ttlMs && meta.ttlMs > 0 ? Math.round(meta.ttlMs / 1000) : 3600,
        flags: meta.flags,
        bytes: readFileSync(join(dir, `${kase}.bin`)),
      });
    }
  }
  return items;
}

const ITEMS = loadAll();

async function writeRedis(w: Redis | Cluster, items: Item[]): Promise<void> {
  for (const it of items) {
    if (it.hash) {
      await w.hset(it.key, Object.fromEntries(it.hash));
      await w.expire(it.key, it.ttlS);
    } else await w.set(it.key, it.bytes!, 'EX', it.ttlS);
  }
}

function writeMemcached(items: Item[]): Promise<void> {
  const parts: Buffer[] = [];
  // memcached reads an exptime over 30 days as a unix time, so clients (Flask-Session too) send one
  const exptime = (ttlS: number) => (ttlS > 30 * 86_400 ? Math.floor(Date.now() / 1000) + ttlS : ttlS);
  for (const it of items)
    parts.push(
      Buffer.from(`ms ${it.key} ${it.bytes!.length} T${exptime(it.ttlS)} F${it.flags ?? 0} q\r\n`),
      it.bytes!,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from('mn\r\n'));
  return new Promise((resolve, reject) => {
    const s = connect(servers.memcached.port, servers.memcached.host);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.endsWith('MN\r\n')) {
        s.end();
        if (buf !== 'MN\r\n') reject(new Error(`memcached refused a fixture: ${buf}`));
        else resolve();
      }
    });
    s.on('error', reject);
    s.write(Buffer.concat(parts));
  });
}

async function scanned(url: string, items: Item[]): Promise<Map<string, ScanRecord>> {
  const wanted = new Set(items.map((i) => i.key));
  const out = new Map<string, ScanRecord>();
  const report = await scan(url, {
    minAgeMs: 0,
    showKeys: true,
    onRecord: (r) => wanted.has(r.key) && out.set(r.key, r),
  });
  expect(report.complete).toBe(true);
  return out;
}

function expectItem(item: Item, r: ScanRecord | undefined) {
  expect(r, `${item.name} not in the scan`).toBeDefined();
  const rec = r!;
  expect(rec.framework, item.name).toBe(item.framework);
  expect(rec.ttlMs, item.name).toBeGreaterThan(0);
  if (item.kase === 'empty' || item.kase === 'csrf-only') expect(rec.classes, item.name).toContain('empty');
  else if (item.kase === 'anonymous') expect(rec.classes, item.name).toContain('anonymous');
  else {
    expect(rec.classes, item.name).not.toContain('empty');
    expect(rec.classes, item.name).not.toContain('anonymous');
  }
  expect(rec.classes, item.name).not.toContain('undecodable');
}

const redisItems = ITEMS.filter((i) => i.store === 'redis');
const memcachedItems = ITEMS.filter((i) => i.store === 'memcached');

describe.each([
  ['redis 7.0', () => servers.redis.url, () => new Redis(servers.redis.url)],
  ['valkey 8', () => servers.valkey.url, () => new Redis(servers.valkey.url)],
  ['redis cluster', () => servers.cluster.url, () => new Cluster(servers.cluster.nodes)],
] as const)('framework fixtures scanned on %s', (_name, url, client) => {
  let w: Redis | Cluster;
  beforeAll(async () => {
    w = client();
    await writeRedis(w, redisItems);
  });
  afterAll(async () => {
    for (const it of redisItems) await w.del(it.key);
    w.disconnect();
  });

  it(`classifies ${redisItems.length} fixtures from ${new Set(redisItems.map((i) => i.framework)).size} frameworks`, async () => {
    expect(redisItems.length).toBeGreaterThan(20);
    const got = await scanned(url(), redisItems);
    for (const item of redisItems) expectItem(item, got.get(item.key));
  });
});

describe('framework fixtures scanned on memcached', () => {
  beforeAll(() => writeMemcached(memcachedItems));

  it(`classifies ${memcachedItems.length} fixtures and leaves them unfetched`, async () => {
    expect(new Set(memcachedItems.map((i) => i.framework))).toEqual(
      new Set(['django', 'flask-session', 'php', 'rack', 'connect-memcached']),
    );
    const got = await scanned(servers.memcached.url, memcachedItems);
    for (const item of memcachedItems) {
      expectItem(item, got.get(item.key));
      expect(got.get(item.key)!.evidence.fetched).toBe(false);
    }
  });
});
