import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clean } from '../../src/clean/clean.js';
import { scan } from '../../src/scan/scan.js';
import { startCluster, type RunningCluster, type RunningServer } from '../harness/servers.js';
import { expressSession, sid } from '../clean/sessions.js';

const KEYS = 3000;

/** Waits until the survivors have promoted a replica: every slot served, none by the dead port. */
async function failedOver(cluster: RunningCluster, dead: number): Promise<void> {
  const alive = cluster.servers.filter((s) => s.port !== dead);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = alive.every((s) => {
      const info = spawnSync('redis-cli', ['-p', String(s.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout;
      const slots = spawnSync('redis-cli', ['-p', String(s.port), 'cluster', 'slots'], { encoding: 'utf8' }).stdout;
      return (
        /cluster_state:ok/.test(info) &&
        /cluster_slots_ok:16384/.test(info) &&
        !new RegExp(`^${dead}$`, 'm').test(slots)
      );
    });
    if (ok) return;
    // No event tells us a failover finished: poll the nodes, as redis-cli --cluster check does.
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no replica took over from :${dead} within 30 s`);
}

describe('a cluster primary killed and its replica promoted', () => {
  let cluster: RunningCluster;
  let url: string;
  let client: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(3, { replicas: 1 });
    // Every node as a seed: a rerun must find the topology whichever node died.
    url = `redis+cluster://${cluster.servers.map((s) => `127.0.0.1:${s.port}`).join(',')}`;
    client = new Cluster(cluster.nodes, { clusterRetryStrategy: () => 100 });
  }, 120_000);
  afterAll(async () => {
    client.disconnect();
    await cluster.stop();
  });

  const seed = async (prefix: string, scenario: 'empty' | 'authenticated', n: number) => {
    const { value, ttlMs } = expressSession(scenario);
    const keys = Array.from({ length: n }, () => `${prefix}${sid()}`);
    for (let i = 0; i < n; i += 500)
      await Promise.all(keys.slice(i, i + 500).map((k) => client.set(k, value, 'PX', ttlMs)));
    // Replicas must hold the keys before their primary dies, or the failover loses them (WAIT on
    // a replica is an error, and harmless).
    for (const srv of cluster.servers) spawnSync('redis-cli', ['-p', String(srv.port), 'wait', '1', '5000']);
    return keys;
  };
  /** A primary that serves slots now (the first test's failover moved one). */
  const primaryServer = (): RunningServer => {
    const anyAlive = cluster.servers.find(
      (srv) => spawnSync('redis-cli', ['-p', String(srv.port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG',
    )!;
    const lines = spawnSync('redis-cli', ['-p', String(anyAlive.port), 'cluster', 'nodes'], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n');
    const primaries = lines
      .map((l) => l.split(' '))
      .filter((f) => f[2]!.includes('master') && !f[2]!.includes('fail') && f.length > 8);
    // Only a primary whose replica is in sync can fail over (the first test's old primary, back
    // as a replica, may still be loading its copy).
    for (const f of primaries) {
      const port = Number(/:(\d+)@/.exec(f[1]!)![1]);
      const info = spawnSync('redis-cli', ['-p', String(port), 'info', 'replication'], { encoding: 'utf8' }).stdout;
      if (/slave0:.*state=online/.test(info)) return cluster.servers.find((srv) => srv.port === port)!;
    }
    throw new Error('no primary with an online replica');
  };

  it('during a scan: incomplete naming the lost primary, and a rerun reads every key', async () => {
    await seed('sess:fo-scan:', 'empty', KEYS);
    const victim = primaryServer();
    let killed = false;
    const first = await scan(url, {
      match: 'sess:fo-scan:*',
      count: 100,
      onBatch: async () => {
        if (killed) return;
        killed = true;
        await victim.kill();
        await failedOver(cluster, victim.port);
      },
    });
    expect(killed).toBe(true);
    expect(first.complete).toBe(false);
    expect(first.problems.join('\n')).toContain(`127.0.0.1:${victim.port}`);

    const rerun = await scan(url, { match: 'sess:fo-scan:*' });
    expect(rerun.complete).toBe(true);
    expect(rerun.totals.keys).toBe(KEYS);
    await victim.start(); // back as a replica of the promoted node
  }, 90_000);

  it('during a clean, the old primary back as a replica: never a delete outside the backup, and a rerun finishes', async () => {
    const empty = await seed('sess:fo-clean:', 'empty', KEYS);
    const live = await seed('sess:fo-clean:', 'authenticated', 300);
    const dir = mkdtempSync(join(tmpdir(), 'sessctl-failover-'));
    const backups = [join(dir, '1.ndjson'), join(dir, '2.ndjson')];
    const victim = primaryServer();
    let batches = 0;
    const first = await clean(url, {
      apply: true,
      backup: backups[0]!,
      minAgeMs: 0,
      match: 'sess:fo-clean:*',
      onBeforeBatch: async () => {
        if (++batches !== 2) return;
        await victim.kill();
        await failedOver(cluster, victim.port);
        // The old primary comes back on its port and joins as a replica of its successor.
        await victim.start();
      },
    });
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(first.complete).toBe(false);
    expect(first.problems.join('\n')).toContain(`127.0.0.1:${victim.port}`);

    const second = await clean(url, { apply: true, backup: backups[1]!, minAgeMs: 0, match: 'sess:fo-clean:*' });
    expect(second.problems).toEqual([]);
    expect(second.complete).toBe(true);
    expect(second.result!.skipped.error).toBe(0);
    const exists = await Promise.all([...empty, ...live].map((k) => client.exists(k)));
    expect(exists.slice(0, empty.length).filter((e) => e === 1)).toHaveLength(0);
    expect(exists.slice(empty.length).filter((e) => e === 1)).toHaveLength(live.length);
    const saved = new Set(
      backups.flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .filter((l) => l.includes('"type":"redis"'))
          .map((l) => Buffer.from(JSON.parse(l).key, 'base64').toString()),
      ),
    );
    for (const k of empty) expect(saved.has(k)).toBe(true);
  }, 90_000);
});
