/**
 * A store that is down, refusing or hung gives the app's error handler a SessctlError (503) within
 * the store timeout, on every adapter; it never hangs the request. Anonymous traffic does not
 * need the store at all, so it keeps working.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSessionId, memcachedStore, redisStore } from '../../src/middleware/index.js';
import { freePort, startRedis } from '../harness/servers.js';
import { ADAPTERS, startApp, type RunningApp } from './apps.js';
import { call } from './client.js';

const TIMEOUT_MS = 300;

/** Accepts connections and never answers: the worst case, a hung store. */
async function blackhole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => void sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

describe.concurrent.each(ADAPTERS)('%s with a failing store', (adapter) => {
  const apps: RunningApp[] = [];
  const closers: Array<() => Promise<void>> = [];
  let stopped: string;
  let hung: string;
  let memcachedDown: string;

  beforeAll(async () => {
    const redis = await startRedis('redis');
    const storeA = redisStore({ url: redis.url, prefix: 'down:' });
    await redis.stop();
    const hole = await blackhole();
    const storeB = redisStore({ url: `redis://127.0.0.1:${hole.port}`, prefix: 'hung:' });
    const storeC = memcachedStore({ url: `memcached://127.0.0.1:${await freePort()}` });
    closers.push(
      () => storeA.close(),
      () => storeB.close(),
      () => storeC.close(),
      () => hole.close(),
    );
    for (const store of [storeA, storeB, storeC])
      apps.push(await startApp(adapter, { store, storeTimeout: TIMEOUT_MS }));
    [stopped, hung, memcachedDown] = apps.map((a) => a.url) as [string, string, string];
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    for (const close of closers) await close();
  });

  it.each([
    ['stopped redis', () => stopped],
    ['hung redis', () => hung],
    ['unreachable memcached', () => memcachedDown],
  ])('%s: a clear SessctlError reaches the error handler within the timeout', async (_name, base) => {
    for (const [method, path, headers] of [
      ['GET', '/state', { cookie: `sid=${generateSessionId()}` }],
      ['GET', '/state', { 'x-auth-token': generateSessionId() }],
      ['POST', '/set?a=1', {}],
    ] as const) {
      const t0 = performance.now();
      const r = await call(base(), method, path, { headers });
      expect(r.status).toBe(503);
      expect((r.body as { code: string }).code).toMatch(/^SESSCTL_STORE_(UNREACHABLE|ERROR)$/);
      // Bounded, not hung: a hung server would hold the request until the test times out (30 s).
      // The slack is event-loop lag of twelve concurrent cases on a loaded CI box (2.5 s was seen).
      expect(performance.now() - t0).toBeLessThan(TIMEOUT_MS + 8_000);
    }
    const anon = await call(base(), 'GET', '/state');
    expect(anon.status).toBe(200);
  });
});
