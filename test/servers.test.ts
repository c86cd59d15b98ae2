import { connect } from 'node:net';
import { Cluster, Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';

const servers = inject('servers');

function memcachedCommand(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.endsWith('\r\n')) {
        s.end();
        resolve(buf.trim());
      }
    });
    s.on('error', reject);
    s.write(`${line}\r\n`);
  });
}

describe('test servers', () => {
  it('runs Redis 7.0', async () => {
    const r = new Redis(servers.redis.port, '127.0.0.1');
    const info = await r.info('server');
    r.disconnect();
    expect(info).toMatch(/redis_version:7\.0\./);
  });

  it('runs Valkey 8 with CLIENT NO-TOUCH', async () => {
    const r = new Redis(servers.valkey.port, '127.0.0.1');
    const info = await r.info('server');
    const noTouch = await r.call('CLIENT', 'NO-TOUCH', 'ON');
    r.disconnect();
    expect(info).toMatch(/valkey_version:8\./);
    expect(noTouch).toBe('OK');
  });

  it('runs memcached with the meta protocol', async () => {
    expect(await memcachedCommand(servers.memcached.port, 'version')).toMatch(/^VERSION 1\.6\./);
    expect(await memcachedCommand(servers.memcached.port, 'mn')).toBe('MN');
  });

  it('runs a 3-master Redis Cluster covering all 16384 slots', async () => {
    const c = new Cluster(servers.cluster.nodes);
    const slots = (await c.cluster('SLOTS')) as Array<[number, number, ...unknown[]]>;
    const masters = c.nodes('master').length;
    c.disconnect();
    expect(masters).toBe(3);
    expect(slots.reduce((n, [from, to]) => n + (to - from + 1), 0)).toBe(16384);
  });
});
