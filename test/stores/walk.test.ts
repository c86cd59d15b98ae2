import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStore } from '../../src/stores/from-url.js';
import type { RawRecord, ScanStore } from '../../src/stores/types.js';

const servers = inject('servers');
const P = `tw${process.pid}:`;

async function walkAll(store: ScanStore, match: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const e of store.walk({ match, count: 50 })) {
    if (e.type === 'node-failed') throw e.error;
    out.push(...e.records);
  }
  return out;
}

function mc(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (/(END|MN)\r\n$/.test(buf)) {
        s.end();
        resolve(buf);
      }
    });
    s.on('error', reject);
    s.write(text + 'mn\r\n');
  });
}

describe.each([
  ['redis 7.0', () => servers.redis.url, false],
  ['valkey 8', () => servers.valkey.url, true],
  ['cluster', () => servers.cluster.url, false],
] as const)('redis store walk on %s', (_name, url, noTouch) => {
  let store: ScanStore;
  let writer: Redis;
  const prefix = `${P}${_name.replace(/\W/g, '')}:`;
  beforeAll(async () => {
    store = await openStore(url());
    writer = _name === 'cluster' ? (null as never) : new Redis(url());
    const { Cluster } = await import('ioredis');
    const w = _name === 'cluster' ? new Cluster(servers.cluster.nodes) : writer;
    for (let i = 0; i < 120; i++) await w.set(`${prefix}${i}`, JSON.stringify({ i }), 'EX', 3600);
    await w.set(`${prefix}nottl`, 'x');
    await w.hset(`${prefix}hash`, 'creationTime', '1', 'sessionAttr:x', 'y');
    if (w !== writer) w.disconnect();
  });
  afterAll(async () => {
    await store.close();
    writer?.disconnect();
  });

  it('lists every key once with TTL, idle and payload, on every primary', async () => {
    const recs = await walkAll(store, `${prefix}*`);
    const keys = new Set(recs.map((r) => r.key.toString()));
    expect(keys.size).toBe(122);
    const one = recs.find((r) => r.key.toString() === `${prefix}7`)!;
    expect(one.value?.toString()).toBe('{"i":7}');
    expect(one.ttlMs).toBeGreaterThan(3_590_000);
    expect(one.idleS).toBeGreaterThanOrEqual(0);
    expect(recs.find((r) => r.key.toString() === `${prefix}nottl`)!.ttlMs).toBeNull();
    const h = recs.find((r) => r.key.toString() === `${prefix}hash`)!;
    expect(h.type).toBe('hash');
    expect(h.hash?.get('sessionAttr:x')?.toString()).toBe('y');
    if (_name === 'cluster') expect(new Set(recs.map((r) => r.node)).size).toBe(3);
    expect(store.capabilities.noTouch).toBe(noTouch);
  });

  it('looks keys up by name', async () => {
    const [r] = await store.lookup([`${prefix}3`]);
    expect(r?.value?.toString()).toBe('{"i":3}');
  });
});

describe('memcached store walk', () => {
  let store: ScanStore;
  const prefix = `${P}mc:`;
  beforeAll(async () => {
    let cmds = '';
    for (let i = 0; i < 30; i++) {
      const v = `{"n":${i}}`;
      cmds += `ms ${prefix}${i} ${v.length} T3600 F5\r\n${v}\r\n`;
    }
    cmds += `ms ${prefix}read 2 T0\r\nhi\r\nmg ${prefix}read v\r\n`;
    await mc(servers.memcached.port, cmds);
    store = await openStore(servers.memcached.url);
  });
  afterAll(() => store.close());

  it('lists keys from metadump with fetch flags, reads values without marking them fetched', async () => {
    await store.info();
    const first = await walkAll(store, `${prefix}*`);
    expect(first).toHaveLength(31);
    const r5 = first.find((r) => r.key.toString() === `${prefix}5`)!;
    expect(r5.value?.toString()).toBe('{"n":5}');
    expect(r5.fetched).toBe(false);
    expect(r5.flags).toBe(5);
    expect(r5.ttlMs).toBeGreaterThan(3_500_000);
    const read = first.find((r) => r.key.toString() === `${prefix}read`)!;
    expect(read.fetched).toBe(true);
    expect(read.ttlMs).toBeNull();
    const second = await walkAll(store, `${prefix}*`);
    expect(second.filter((r) => r.fetched).map((r) => r.key.toString())).toEqual([`${prefix}read`]);
    const dump = await mc(servers.memcached.port, 'lru_crawler metadump all\r\n');
    expect(dump).toContain(`key=${encodeURIComponent(`${prefix}5`)} `);
    expect(dump).toMatch(new RegExp(`key=${encodeURIComponent(`${prefix}5`)} [^\\n]*fetch=no`));
  });
});

describe('memcached store walk: payloads as the bytes were stored', () => {
  let store: ScanStore;
  const prefix = `${P}mcv:`;
  // Values that cut replies at every place a socket read can: a CRLF and a reply header inside a
  // value, an empty one, one spanning many reads, and sizes that step across the reads' ends.
  const values = new Map<string, { value: string; flags: number }>([
    [`${prefix}crlf`, { value: 'a\r\nVA 5 f1\r\nzz\r\n', flags: 7 }],
    [`${prefix}empty`, { value: '', flags: 0 }],
    [`${prefix}big`, { value: 'x'.repeat(900_001), flags: 4294967295 }],
    ...Array.from({ length: 300 }, (_, i) => [`${prefix}s${i}`, { value: 'v'.repeat(i * 37), flags: i }] as const),
  ]);
  beforeAll(async () => {
    let cmds = '';
    for (const [key, { value, flags }] of values) cmds += `ms ${key} ${value.length} T3600 F${flags}\r\n${value}\r\n`;
    await mc(servers.memcached.port, cmds);
    store = await openStore(servers.memcached.url);
  });
  afterAll(() => store.close());

  it('reads every value, its flags and CAS, whole, and marks none fetched', async () => {
    const records = await walkAll(store, `${prefix}*`);
    expect(records).toHaveLength(values.size);
    for (const r of records) {
      const want = values.get(r.key.toString('latin1'))!;
      expect(r.value?.toString('latin1')).toBe(want.value);
      expect(r.bytes).toBe(want.value.length);
      expect(r.flags).toBe(want.flags);
      expect(r.fetched).toBe(false);
      expect(r.cas).toMatch(/^[1-9]\d*$/);
    }
    const again = await walkAll(store, `${prefix}*`);
    expect(again.filter((r) => r.fetched)).toEqual([]);
  });
});
