import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../src/middleware/index.js';
import { connectRedis } from '../src/stores/redis/redis-client.js';
import { parseStoreUrl } from '../src/stores/store-url.js';
import { expressSession, sid } from './clean/sessions.js';
import { sessctl } from './harness/cli.js';
import { freePort, requireBinary, waitForPort } from './harness/servers.js';
import {
  makePki,
  startTlsCluster,
  startTlsRedis,
  type TestPki,
  type TlsCluster,
  type TlsServer,
} from './harness/tls.js';

/**
 * rediss+cluster:// and rediss+sentinel:// against real TLS-only topologies (cluster bus and
 * Sentinel-to-primary links over TLS too), through the CLI's scan and the middleware's redisStore.
 */
const P = `sess:tlstopo${process.pid}-`;
let pki: TestPki;
let cluster: TlsCluster;
let primary: TlsServer;
let sentinel: ChildProcess;
let sentinelPort: number;
let dir: string;

beforeAll(async () => {
  pki = makePki();
  [cluster, primary] = await Promise.all([startTlsCluster(pki), startTlsRedis(pki)]);
  sentinelPort = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'sessctl-tls-sentinel-'));
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      'port 0',
      `tls-port ${sentinelPort}`,
      'bind 127.0.0.1',
      `tls-cert-file ${pki.serverCert}`,
      `tls-key-file ${pki.serverKey}`,
      `tls-ca-cert-file ${pki.caFile}`,
      'tls-auth-clients no',
      'tls-replication yes',
      `sentinel monitor mymaster 127.0.0.1 ${primary.port} 1`,
      '',
    ].join('\n'),
  );
  sentinel = spawn(requireBinary('redis-server'), [conf, '--sentinel'], { stdio: 'ignore' });
  await waitForPort(sentinelPort, sentinel, 'redis-server --sentinel (TLS)');
});
afterAll(async () => {
  sentinel?.kill('SIGKILL');
  await Promise.all([cluster?.stop(), primary?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
  pki?.cleanup();
});

describe('TLS cluster and Sentinel', () => {
  it('scans every primary of a TLS cluster over rediss+cluster://', async () => {
    const w = new Cluster(cluster.nodes, { redisOptions: { tls: { ca: readFileSync(pki.caFile) } } });
    const keys = Array.from({ length: 12 }, () => `${P}c:${sid()}`);
    for (const k of keys) {
      const { value, ttlMs } = expressSession('empty');
      await w.set(k, value, 'PX', ttlMs);
    }
    w.disconnect();
    const r = await sessctl(['--format', 'json', 'scan', cluster.trustedUrl, '--match', `${P}c:*`]);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      complete: true,
      totals: { keys: 12, sessions: 12 },
      store: { kind: 'redis-cluster', url: cluster.trustedUrl },
    });
    expect(j.store.nodes).toHaveLength(3);
  });

  it('scans the primary a TLS Sentinel names over rediss+sentinel://', async () => {
    const store = redisStore({ url: primary.trustedUrl, prefix: `${P}s:` });
    const { value } = expressSession('authenticated');
    await store.set(sid(), Buffer.from(value), 60_000);
    await store.close();
    const url = `rediss+sentinel://127.0.0.1:${sentinelPort}/mymaster?cacert=${pki.caFile}`;
    const r = await sessctl(['--format', 'json', 'scan', url, '--match', `${P}s:*`]);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      complete: true,
      totals: { keys: 1, sessions: 1 },
      store: { kind: 'redis-sentinel', url },
    });
    expect(j.store.nodes.map((n: { id: string }) => n.id)).toEqual([`127.0.0.1:${primary.port}`]);
  });

  it.each([
    ['rediss://', () => primary.trustedUrl],
    ['rediss+cluster://', () => cluster.trustedUrl],
    ['rediss+sentinel://', () => `rediss+sentinel://127.0.0.1:${sentinelPort}/mymaster?cacert=${pki.caFile}`],
  ])('the middleware redisStore works over %s from the URL alone', async (_name, url) => {
    const store = redisStore({ url: url(), prefix: `${P}mw:` });
    try {
      const id = sid();
      await store.set(id, Buffer.from('{"v":1}'), 60_000);
      const got = await store.get(id);
      expect(got?.payload.toString()).toBe('{"v":1}');
      expect(got?.ttlMs).toBeGreaterThan(55_000);
      expect(await store.touch(id, 120_000)).toBe(true);
      await store.destroy(id);
      expect(await store.get(id)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it.each([
    ['rediss+cluster://', () => cluster.trustedUrl],
    ['rediss+sentinel://', () => `rediss+sentinel://127.0.0.1:${sentinelPort}/mymaster?cacert=${pki.caFile}`],
  ])('connectRedis (probe --store, control plane) reaches a %s topology', async (_name, url) => {
    const parsed = parseStoreUrl(url());
    if (parsed.kind !== 'redis-cluster' && parsed.kind !== 'redis-sentinel') throw new Error(parsed.kind);
    const client = await connectRedis(parsed);
    try {
      const key = `${P}cr:${sid()}`;
      await client.set(key, 'v', 'EX', 60);
      expect(await client.get(key)).toBe('v');
      await client.del(key);
    } finally {
      client.disconnect();
    }
  });

  it('the middleware redisStore refuses a missing CA file when it is created', () => {
    expect(() => redisStore({ url: `${primary.url}?cacert=/nonexistent/ca.pem` })).toThrow(
      /cannot read the TLS CA file \/nonexistent\/ca\.pem/,
    );
  });
});
