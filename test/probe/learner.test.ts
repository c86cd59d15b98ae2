import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnModel } from '../../src/probe/learn-model.js';
import { ProbeClient } from '../../src/probe/probe-client.js';
import { probe } from '../../src/probe/run-probe.js';

/**
 * A server with two cookies that both change per anonymous request: `tracking` (random on every
 * response) and `blob` (the real session, with a per-session counter behind /state). The learner
 * cannot tell them apart by name; --session-cookie and --state-url settle it.
 */
let server: Server;
let base = '';
const sessions = new Map<string, number>();
beforeAll(async () => {
  server = createServer((req, res) => {
    const blob = /(?:^|;\s*)blob=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const id = blob !== undefined && sessions.has(blob) ? blob : randomBytes(16).toString('hex');
    const cookies = [`tracking=${randomBytes(16).toString('hex')}; Path=/`];
    if (id !== blob) {
      sessions.set(id, sessions.size);
      cookies.push(`blob=${id}; Path=/; HttpOnly; SameSite=Lax`);
    }
    res.setHeader('set-cookie', cookies);
    res.setHeader('cache-control', 'no-store');
    res.end(req.url === '/state' ? `session #${sessions.get(id)}` : 'same page for everyone');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('model learner', () => {
  it('without help it takes the first varying cookie, and replaying it shows no persistence', async () => {
    const r = await probe({ url: `${base}/page` }, new AbortController().signal);
    expect(r.model.sessionCookie).toBe('tracking');
    expect(r.model.cookie).toBe('not-persisted');
  });

  it('--session-cookie names the real one: it persists, judged by Set-Cookie', async () => {
    const r = await probe({ url: `${base}/page`, sessionCookie: 'blob' }, new AbortController().signal);
    expect(r.model).toMatchObject({ sessionCookie: 'blob', cookie: 'persists', stateFrom: 'set-cookie' });
  });

  it('--state-url moves the session steps to an endpoint whose body shows the session', async () => {
    const r = await probe(
      { url: `${base}/page`, sessionCookie: 'blob', stateUrl: `${base}/state` },
      new AbortController().signal,
    );
    expect(r.model).toMatchObject({ cookie: 'persists', stateFrom: 'body' });
    expect(
      r.steps.filter((s) => s.step === 'anon-1' || s.step === 'cookie').every((s) => s.url.endsWith('/state')),
    ).toBe(true);
    expect(r.steps.find((s) => s.step === 'preflight')?.url).toBe(`${base}/page`);
  });

  it('hands the checks a frozen model: one check cannot change what the next one reads', async () => {
    const client = await ProbeClient.open(
      { url: `${base}/page`, sessionCookie: 'blob', stateUrl: `${base}/state` },
      new AbortController().signal,
    );
    try {
      const learned = await learnModel(client);
      expect(learned.model.cookie).toBe('persists');
      expect(
        Object.isFrozen(learned) &&
          Object.isFrozen(learned.model) &&
          Object.isFrozen(learned.a) &&
          Object.isFrozen(learned.steps),
      ).toBe(true);
      expect(() => Object.assign(learned.model, { cookie: 'unknown' })).toThrow(TypeError);
      expect(learned.model.cookie).toBe('persists');
      // the client presents credentials under the learned cookie name
      expect(client.sessionCookie).toBe('blob');
    } finally {
      await client.close();
    }
  });
});
