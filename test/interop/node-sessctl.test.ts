import { once } from 'node:events';
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import { session } from '../../src/middleware/adapters/express.js';
import { redisStore } from '../../src/stores/redis/redis-session-store.js';

/**
 * sessctl's own middleware writes its envelope to the harness Redis; interpret() reads it back as
 * framework `sessctl` with the exact creation time, and a preflight-like request stores nothing.
 */
describe('sessctl middleware envelope, live', () => {
  let redis: Redis;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { redis: info } = inject('servers');
    // database 9 keeps these keys out of other files' scans of the shared server
    redis = new Redis(info.port, info.host, { db: 9 });
    const mw = session({ store: redisStore({ client: redis }), ttl: '1h' });
    const server = createServer((req, res) =>
      mw(req, res, () => {
        const s = (req as unknown as { session: { set(k: string, v: unknown): void } }).session;
        if (req.url === '/cart') s.set('cart', ['sku-1']);
        if (req.url === '/login') s.set('userId', 42);
        res.end('ok');
      }),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    close = () => new Promise((r) => server.close(() => r()));
  });
  const written: string[] = [];
  afterAll(async () => {
    await close();
    if (written.length) await redis.del(...written);
    redis.disconnect();
  });

  async function keyAfter(path: string): Promise<string | undefined> {
    const res = await fetch(base + path, { method: path === '/login' ? 'POST' : 'GET' });
    await res.text();
    const sid = res.headers
      .getSetCookie()
      .map((c) => /^sid=([^;]+)/.exec(c)?.[1])
      .find(Boolean);
    return sid && `sessctl:${decodeURIComponent(sid)}`;
  }

  it('stores nothing for an untouched session', async () => {
    expect(await keyAfter('/noop')).toBeUndefined();
  });

  it.each([
    ['/cart', { empty: false, anonymous: true, userKeys: [] }],
    ['/login', { empty: false, anonymous: false, userKeys: ['userId'] }],
  ] as const)('%s reads as what the app stored, created-at exact', async (path, expected) => {
    const before = Date.now();
    const key = await keyAfter(path);
    expect(key).toBeDefined();
    written.push(key!);
    const bytes = await redis.getBuffer(key!);
    const m = interpret({ key, bytes: bytes! });
    expect(m).toMatchObject({
      framework: 'sessctl',
      format: 'json',
      confidence: 'high',
      decoded: true,
      createdAtKind: 'exact',
      ...expected,
    });
    expect(m.createdAt).toBeGreaterThanOrEqual(before);
    expect(m.createdAt).toBeLessThanOrEqual(Date.now());
  });
});
