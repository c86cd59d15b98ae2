/**
 * redisStore behind every Redis topology it claims: a URL for standalone, Cluster and Sentinel
 * (ioredis clients it creates and closes), and a client the user passes in (never closed by us).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { redisStore, type SessionStore } from '../../src/middleware/index.js';
import type { StoredPayload } from '../../src/stores/session-store.js';
import { freePort, requireBinary, startRedis, type RunningServer } from '../harness/servers.js';

const PREFIX = `rstore:${process.pid}:`;

async function roundTrip(store: SessionStore): Promise<void> {
  const id = `k${Math.random().toString(36).slice(2)}`;
  await store.set(id, Buffer.from('{"v":1}'), 60_000);
  const got = await store.get(id);
  expect(got?.payload.toString()).toBe('{"v":1}');
  expect(got?.ttlMs).toBeGreaterThan(55_000);
  expect(await store.touch(id, 120_000)).toBe(true);
  expect((await store.get(id))?.ttlMs).toBeGreaterThan(115_000);
  await store.destroy(id);
  expect(await store.get(id)).toBeUndefined();
  expect(await store.touch(id, 1000)).toBe(false);
}

describe('redisStore topologies', () => {
  const servers = inject('servers');
  let master: RunningServer;
  let sentinel: { port: number; stop(): void };

  beforeAll(async () => {
    master = await startRedis('redis');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'sessctl-sentinel-'));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(conf, `port ${port}\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 ${master.port} 1\n`);
    const child = spawn(requireBinary('redis-server'), [conf, '--sentinel'], { stdio: 'ignore' });
    sentinel = { port, stop: () => (child.kill(), rmSync(dir, { recursive: true, force: true })) };
    const probe = new Redis(port, '127.0.0.1', { retryStrategy: () => 50 });
    probe.on('error', () => {});
    await new Promise((r) => probe.once('ready', r));
    probe.disconnect();
  });
  afterAll(async () => {
    sentinel?.stop();
    await master?.stop();
  });

  it.each([
    ['standalone redis', () => `${servers.redis.url}`],
    ['valkey:// alias', () => servers.valkey.url.replace('redis://', 'valkey://')],
    ['cluster', () => servers.cluster.url],
    ['sentinel', () => `redis+sentinel://127.0.0.1:${sentinel.port}/mymaster`],
  ])('%s from a URL', async (_name, url) => {
    const store = redisStore({ url: url(), prefix: PREFIX });
    try {
      await roundTrip(store);
    } finally {
      await store.close();
    }
  });

  it('uses a client the app passes in and leaves it open', async () => {
    const client = new Redis(servers.redis.port, '127.0.0.1');
    const store = redisStore({ client, prefix: PREFIX });
    await roundTrip(store);
    await store.close();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
  });

  const makeClients: Array<[string, () => Redis | Cluster]> = [
    ['standalone redis', () => new Redis(servers.redis.port, '127.0.0.1')],
    ['cluster', () => new Cluster(servers.cluster.nodes)],
    ['redis that refuses scripts', () => new Redis({ port: servers.redis.port, host: '127.0.0.1', ...noScripts })],
  ];
  let noScripts: { username: string; password: string };
  beforeAll(async () => {
    noScripts = { username: `noscripts${process.pid}`, password: 'pw-noscripts' };
    const admin = new Redis(servers.redis.port, '127.0.0.1');
    await admin.call(
      'ACL',
      'SETUSER',
      noScripts.username,
      'on',
      `>${noScripts.password}`,
      '~*',
      '+@all',
      '-@scripting',
    );
    admin.disconnect();
  });
  afterAll(async () => {
    const admin = new Redis(servers.redis.port, '127.0.0.1');
    await admin.call('ACL', 'DELUSER', noScripts.username);
    admin.disconnect();
  });

  it.each(makeClients)('%s: loads made in one turn each get their own key, miss or error', async (name, make) => {
    const client = make();
    const pipelines = vi.spyOn(client, 'pipeline');
    const scripts = vi.spyOn(client as Redis, 'callBuffer');
    const store = redisStore({ client, prefix: PREFIX });
    try {
      const ids = ['a', 'b', 'c'].map((k) => `${k}${Math.random().toString(36).slice(2)}`);
      await store.set(ids[0]!, Buffer.from('A'), 60_000);
      await store.set(ids[1]!, Buffer.from('B'), 90_000);
      await client.hset(PREFIX + ids[2]!, 'f', '1'); // GET answers WRONGTYPE for this key only
      await store.get(ids[0]!); // the first load caches the script, or finds it refused
      pipelines.mockClear();
      scripts.mockClear();
      const [a, missing, b, wrong] = await Promise.allSettled([
        store.get(ids[0]!),
        store.get('nothing-here'),
        store.get(ids[1]!),
        store.get(ids[2]!),
      ]);
      expect(a).toMatchObject({ status: 'fulfilled', value: { payload: Buffer.from('A') } });
      expect(missing).toEqual({ status: 'fulfilled', value: undefined });
      expect(b).toMatchObject({ status: 'fulfilled', value: { payload: Buffer.from('B') } });
      expect((b as PromiseFulfilledResult<StoredPayload>).value.ttlMs).toBeGreaterThan(85_000);
      expect((b as PromiseFulfilledResult<StoredPayload>).value.ttlMs).toBeLessThanOrEqual(90_000);
      expect(wrong).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('WRONGTYPE') } });
      // Standalone: one script call for the four (or one pipeline where scripts are refused).
      // Cluster: a pipeline per key, as its pipelines keep to one slot.
      const expected = {
        'standalone redis': { scripts: 1, pipelines: 0 },
        cluster: { scripts: 0, pipelines: 4 },
        'redis that refuses scripts': { scripts: 0, pipelines: 1 },
      }[name];
      expect({ scripts: scripts.mock.calls.length, pipelines: pipelines.mock.calls.length }).toEqual(expected);
      await Promise.all(ids.map((id) => store.destroy(id)));
    } finally {
      client.disconnect();
    }
  });

  it("a server busy with another client's script fails that batch and keeps the load script", async () => {
    // A server of its own: the busy script stops every client of it.
    const server = await startRedis('redis', ['--busy-reply-threshold', '10']);
    const client = new Redis(server.port, '127.0.0.1');
    const hog = new Redis(server.port, '127.0.0.1');
    const admin = new Redis(server.port, '127.0.0.1');
    const store = redisStore({ client, prefix: PREFIX });
    try {
      const id = `busy${Math.random().toString(36).slice(2)}`;
      await store.set(id, Buffer.from('B'), 60_000);
      expect((await store.get(id))?.payload).toEqual(Buffer.from('B'));
      const looping = hog.eval('while true do end', 0).catch((err: Error) => err);
      // Busy once the loop has run past the threshold: PING answers BUSY from then on.
      while ((await admin.ping().catch((err: Error) => err.message)) === 'PONG');
      const scripts = vi.spyOn(client, 'callBuffer');
      const pipelines = vi.spyOn(client, 'pipeline');
      await expect(store.get(id)).rejects.toThrow(/^BUSY /);
      await admin.script('KILL');
      expect(await looping).toBeInstanceOf(Error);
      scripts.mockClear();
      expect((await store.get(id))?.payload).toEqual(Buffer.from('B'));
      expect(scripts.mock.calls.map((c) => c[0])).toEqual(['EVALSHA']);
      expect(pipelines).not.toHaveBeenCalled();
    } finally {
      for (const c of [client, hog, admin]) c.disconnect();
      await server.stop();
    }
  });

  it('a server that lost the load script (restart, SCRIPT FLUSH) is sent it again', async () => {
    const client = new Redis(servers.redis.port, '127.0.0.1');
    const store = redisStore({ client, prefix: PREFIX });
    try {
      const id = `f${Math.random().toString(36).slice(2)}`;
      await store.set(id, Buffer.from('F'), 60_000);
      await client.script('FLUSH');
      const scripts = vi.spyOn(client, 'callBuffer');
      expect((await store.get(id))?.payload).toEqual(Buffer.from('F'));
      expect(scripts.mock.calls.map((c) => c[0])).toEqual(['EVALSHA', 'EVAL']);
      scripts.mockClear();
      expect((await store.get(id))?.payload).toEqual(Buffer.from('F'));
      expect(scripts.mock.calls.map((c) => c[0])).toEqual(['EVALSHA']);
      await store.destroy(id);
    } finally {
      client.disconnect();
    }
  });

  it('names the store by its redacted URL, never the password', () => {
    const store = redisStore({ url: 'redis://user:hunter2secret@127.0.0.1:1/0', prefix: PREFIX });
    expect(store.name).not.toContain('hunter2secret');
    void store.close();
  });
});
