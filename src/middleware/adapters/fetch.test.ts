import { describe, expect, it } from 'vitest';
import { MemoryKv } from '../../stores/memory/memory-kv.js';
import { memoryStore } from '../../stores/memory/memory-session-store.js';
import { withSession } from './fetch.js';

describe('withSession', () => {
  it('adds the cookie to responses whose headers are immutable (Response.redirect)', async () => {
    const handler = withSession(
      async (_req, s) => {
        s.data = { from: 'redirect' };
        return Response.redirect('http://localhost/next', 302);
      },
      { store: memoryStore({ kv: new MemoryKv() }) },
    );
    const res = await handler(new Request('http://localhost/login', { method: 'POST' }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://localhost/next');
    expect(res.headers.get('set-cookie')).toMatch(/^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('leaves the request body readable by the handler after reading a body token', async () => {
    const kv = new MemoryKv();
    const handler = withSession(async (req, s) => Response.json({ body: await req.json(), transport: s.transport }), {
      store: memoryStore({ kv }),
    });
    const res = await handler(
      new Request('http://localhost/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"token":"nope","a":1}',
      }),
    );
    expect(await res.json()).toEqual({ body: { token: 'nope', a: 1 }, transport: 'body' });
    expect(kv.size).toBe(0);
  });
});
