import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryKv } from '../../src/stores/memory/memory-kv.js';
import { memoryStore } from '../../src/stores/memory/memory-session-store.js';
import { startApp, type RunningApp } from './apps.js';

/** Sends a body with a Content-Length, or chunked (no length: the adapter must count what streams). */
function send(url: string, body: Buffer, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!chunked) headers['content-length'] = String(body.length);
    const req = request(`${url}/echo-body`, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may answer and close before the whole body is sent: the answer is what counts.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e),
    );
    if (chunked) for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
    else req.write(body);
    req.end();
  });
}

// Issue 21: the Hono and fetch adapters read any JSON body whole; Express (node-body.ts) is the model.
describe.each(['hono', 'fetch', 'express'] as const)('%s: bodyLimit bounds the body read for a token', (adapter) => {
  let app: RunningApp;
  const big = Buffer.from(JSON.stringify({ token: 'x', pad: 'p'.repeat(2 * 1024 * 1024) }));
  beforeAll(async () => {
    app = await startApp(adapter, { store: memoryStore({ kv: new MemoryKv() }), bodyLimit: 1024 });
  });
  afterAll(() => app?.close());

  it('a 2 MB body with a Content-Length is answered 413', async () => {
    const r = await send(app.url, big, false);
    expect(r.status).toBe(413);
    expect(r.text).toContain('request body larger than 1024 bytes');
  });

  it('a 2 MB chunked body (no Content-Length) is answered 413', async () => {
    const r = await send(app.url, big, true);
    expect(r.status).toBe(413);
  });

  it('a body within the limit is read and left for the app', async () => {
    const r = await send(app.url, Buffer.from('{"token":"nope","a":1}'), false);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ body: { token: 'nope', a: 1 } });
  });
});

describe('hono: a body an earlier middleware read', () => {
  it("still gives its token from Hono's cache", async () => {
    const { Hono } = await import('hono');
    const { session } = await import('../../src/middleware/adapters/hono.js');
    const { generateSessionId } = await import('../../src/middleware/index.js');
    const kv = new MemoryKv();
    const store = memoryStore({ kv });
    const app = new Hono();
    app.use(async (c, next) => {
      await c.req.json();
      await next();
    });
    app.use(session({ store, bodyLimit: 1024 }));
    app.post('/', (c) =>
      c.json({ transport: c.get('session').transport, id: c.get('session').isNew ? null : 'known' }),
    );
    const id = generateSessionId();
    await store.set(id, Buffer.from(JSON.stringify({ v: 1, createdAt: Date.now(), data: { a: 1 } })), 60_000);
    const res = await app.request('/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: id }),
    });
    expect(await res.json()).toEqual({ transport: 'body', id: 'known' });
  });
});
