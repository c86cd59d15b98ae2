/**
 * preflightGuard() in front of express-session + connect-redis (the eager configuration most apps
 * run, saveUninitialized: true): preflights are answered before the session layer, so they leave
 * no key. Without the guard the same app writes one key per preflight, which is what makes this
 * test able to fail.
 */
import type { AddressInfo } from 'node:net';
import { RedisStore } from 'connect-redis';
import cors from 'cors';
import express from 'express';
import expressSession from 'express-session';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { preflightGuard, type PreflightGuardOptions } from '../../src/middleware/index.js';
import { call } from './client.js';

const ORIGIN = 'https://app.example';
const PREFLIGHT = {
  origin: ORIGIN,
  'access-control-request-method': 'POST',
  'access-control-request-headers': 'content-type,x-auth-token',
};

describe('preflightGuard with express-session + connect-redis', () => {
  const client = createClient({ url: inject('servers').redis.url });
  const closers: Array<() => Promise<void>> = [];
  let n = 0;

  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await client.quit();
  });

  async function app(guard: PreflightGuardOptions | undefined) {
    const prefix = `guardtest:${process.pid}:${n++}:`;
    const a = express();
    if (guard) a.use(preflightGuard(guard));
    a.use(
      expressSession({
        store: new RedisStore({ client, prefix }),
        secret: 'x'.repeat(32),
        resave: false,
        saveUninitialized: true,
      }),
    );
    a.all('/api', (_req, res) => void res.json({ ok: true }));
    const server = a.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const keys = async () => (await client.keys(`${prefix}*`)).length;
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keys };
  }

  it('without the guard, every preflight stores a session (the problem)', async () => {
    const { url, keys } = await app(undefined);
    for (let i = 0; i < 5; i++) await call(url, 'OPTIONS', '/api', { headers: PREFLIGHT });
    expect(await keys()).toBe(5);
  });

  it('answers preflights with 204 and the configured CORS headers, and stores nothing', async () => {
    const { url, keys } = await app({ origin: [ORIGIN], credentials: true, maxAge: 600 });
    for (let i = 0; i < 5; i++) {
      const r = await call(url, 'OPTIONS', '/api', { headers: PREFLIGHT });
      expect(r.status).toBe(204);
      expect(r.setCookie).toEqual([]);
      expect(r.headers).toMatchObject({
        'access-control-allow-origin': ORIGIN,
        'access-control-allow-credentials': 'true',
        'access-control-allow-headers': 'content-type,x-auth-token',
        'access-control-max-age': '600',
      });
    }
    const other = await call(url, 'OPTIONS', '/api', { headers: { ...PREFLIGHT, origin: 'https://evil.example' } });
    expect(other.status).toBe(204);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(await keys()).toBe(0);
    // Everything else still reaches express-session.
    const plain = await call(url, 'GET', '/api');
    expect(plain.setCookie).toHaveLength(1);
    expect(await keys()).toBe(1);
  });

  it('hands preflights to a cors handler instead, still before the session layer', async () => {
    for (const preflightContinue of [false, true]) {
      const { url, keys } = await app({ handler: cors({ origin: ORIGIN, credentials: true, preflightContinue }) });
      const r = await call(url, 'OPTIONS', '/api', { headers: PREFLIGHT });
      expect(r.status).toBe(204);
      expect(r.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(r.setCookie).toEqual([]);
      expect(await keys()).toBe(0);
    }
  });
});
