import { describe, expect, it, inject } from 'vitest';
import { connectRedis } from '../src/stores/redis/redis-client.js';
import { parseStoreUrl } from '../src/stores/store-url.js';
import { freePort } from './harness/servers.js';

const servers = inject('servers');

describe('connectRedis', () => {
  it('connects to standalone and cluster URLs', async () => {
    for (const url of [servers.redis.url, servers.valkey.url, servers.cluster.url]) {
      const c = await connectRedis(parseStoreUrl(url) as never);
      expect(await c.ping()).toBe('PONG');
      c.disconnect();
    }
  });

  it('fails a closed port with SESSCTL_STORE_UNREACHABLE and no password in the message', async () => {
    const port = await freePort();
    const err = await connectRedis(parseStoreUrl(`redis://u:topsecretpw@127.0.0.1:${port}`) as never).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'SESSCTL_STORE_UNREACHABLE' });
    expect((err as Error).message).toContain('connection refused');
    expect((err as Error).message).not.toContain('topsecretpw');
  });
});
