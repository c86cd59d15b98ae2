import { describe, expect, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import { memoryKv } from '../../src/stores/memory/memory-kv.js';
import { startBearerTarget, startNotFoundPostTarget } from './targets/index.js';

describe('evidence rules', () => {
  it('a body-token POST answered 404 without Set-Cookie is no evidence: bodyToken unknown, with the reason', async () => {
    const target = await startNotFoundPostTarget();
    try {
      const report = await probe({ url: target.url }, new AbortController().signal);
      expect(report.model).toMatchObject({
        sessionCookie: 'rack.session',
        cookie: 'persists',
        headerToken: 'not-persisted',
        bodyToken: 'unknown',
        tokenKind: 'unknown',
        storeKeys: null,
      });
      expect(report.steps.find((s) => s.step === 'body')).toMatchObject({ method: 'POST', status: 404 });
      expect(report.checks.find((c) => c.id === 'SESS-BODY-PERSIST')).toEqual({
        id: 'SESS-BODY-PERSIST',
        status: 'unknown',
        reason: expect.stringMatching(/POST \/ answered 404: an error answer is no evidence of a session/),
      });
      // the page is the same for every session: no client-chosen experiment can be read from it
      expect(report.steps.some((s) => s.step.startsWith('token-'))).toBe(false);
    } finally {
      await target.close();
    }
  });
});

describe('Authorization: Bearer tokens', () => {
  it('--token-header Authorization sends Bearer <token>, learns client-chosen tokens and their sha256 keys', async () => {
    const store = `bearer${process.pid}`;
    const target = await startBearerTarget(store);
    try {
      const report = await probe(
        { url: target.url, tokenHeader: 'Authorization', store: `memory://${store}` },
        new AbortController().signal,
      );
      expect(report.model).toMatchObject({
        sessionCookie: 'sid',
        cookie: 'persists',
        headerToken: 'persists',
        precedence: 'cookie',
        tokenKind: 'client-chosen',
      });
      expect(report.model.storeKeys).toMatchObject({ cookie: 's:{id}', headerToken: 's:{sha256(token)}' });
      const sent = target
        .received!.map((r) => r.headers.authorization)
        .filter((v): v is string => typeof v === 'string');
      expect(sent.length).toBeGreaterThanOrEqual(4);
      for (const v of sent) expect(v).toMatch(/^Bearer [A-Za-z0-9_-]{20,}$/);
      // the preflight names the header a browser would ask for
      const preflight = target.received!.find(
        (r) => r.method === 'OPTIONS' && r.headers['access-control-request-headers'] !== undefined,
      );
      expect(preflight?.headers['access-control-request-headers']).toBe('authorization,content-type');
      const text = JSON.stringify(report);
      for (const v of sent) expect(text).not.toContain(v.slice('Bearer '.length));
      // logging out a client-chosen token session: a fresh made-up token, logged out, then replayed
      const out = await probe(
        { url: target.url, tokenHeader: 'Authorization', logout: 'POST /logout' },
        new AbortController().signal,
      );
      expect(out.checks.find((c) => c.id === 'SESS-LOGOUT')).toMatchObject({
        status: 'pass',
        reason: expect.stringMatching(/old Authorization token no longer reached its session/),
      });
      expect(out.steps.filter((s) => s.step.startsWith('logout-header')).map((s) => s.step)).toEqual([
        'logout-header-session',
        'logout-header',
        'logout-header-replay',
      ]);
      // --token-scheme '' sends the bare token, which this server does not read
      const bare = await probe(
        { url: target.url, tokenHeader: 'Authorization', tokenScheme: '' },
        new AbortController().signal,
      );
      expect(bare.model.headerToken).toBe('not-persisted');
    } finally {
      await target.close();
      memoryKv(store).clear();
    }
  });
});
