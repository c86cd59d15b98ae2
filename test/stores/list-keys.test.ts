import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { expect, inject, it } from 'vitest';
import { openStore } from '../../src/stores/from-url.js';
import { memoryKv } from '../../src/stores/memory/memory-kv.js';
import type { Store } from '../../src/stores/types.js';

// Store.listKeys(): the key names the probe's --store diffs, straight from each store kind.
const servers = inject('servers');
const P = `lk${process.pid}`;

async function listAll(store: Store, prefix: string | null): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of store.listKeys!(prefix)) out.push(...batch);
  return out.sort();
}

function mcSet(port: number, keys: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.split('\r\n').filter((l) => l === 'HD').length === keys.length) {
        s.end();
        resolve();
      }
    });
    s.on('error', reject);
    s.write(keys.map((k) => `ms ${k} 1 T600\r\nx\r\n`).join(''));
  });
}

it('lists the Redis keys under a prefix, its glob characters taken literally', async () => {
  const r = new Redis(servers.redis.url);
  const store = await openStore(servers.redis.url);
  try {
    await r.set(`${P}a*b:1`, 'x', 'EX', 60);
    await r.set(`${P}a*b:2`, 'x', 'EX', 60);
    await r.set(`${P}aXb:3`, 'x', 'EX', 60);
    expect(await listAll(store, `${P}a*b:`)).toEqual([`${P}a*b:1`, `${P}a*b:2`]);
    expect(await listAll(store, `${P}a`)).toEqual([`${P}a*b:1`, `${P}a*b:2`, `${P}aXb:3`]);
  } finally {
    await r.del(`${P}a*b:1`, `${P}a*b:2`, `${P}aXb:3`);
    r.disconnect();
    await store.close();
  }
});

it('lists the memcached keys under a prefix from the metadump', async () => {
  const prefix = `${P}mc:`;
  await mcSet(servers.memcached.port, [`${prefix}1`, `${prefix}2`, `${P}other:1`]);
  const store = await openStore(servers.memcached.url);
  try {
    expect(await listAll(store, prefix)).toEqual([`${prefix}1`, `${prefix}2`]);
  } finally {
    await store.close();
  }
});

it('lists the memory:// keys under a prefix', async () => {
  const kv = memoryKv(`${P}-list`);
  kv.set('sess:1', Buffer.from('x'), 60_000);
  kv.set('other:1', Buffer.from('x'), 60_000);
  const store = await openStore(`memory://${P}-list`);
  expect(await listAll(store, 'sess:')).toEqual(['sess:1']);
  expect(await listAll(store, null)).toEqual(['other:1', 'sess:1']);
  await store.close();
});
