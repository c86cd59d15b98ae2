import { describe, expect, inject, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import { countKeys, uniquePrefix } from './redis-keys.js';
import { startExpressTarget } from './targets/index.js';

const { redis } = inject('servers');
const DB = 11;

describe('probe against express-session + connect-redis', () => {
  it('defaults with cors() after the session: the preflight mints a session and the store holds its key', async () => {
    const prefix = uniquePrefix('probe-express');
    const target = await startExpressTarget({ redisUrl: `${redis.url}/${DB}`, variant: 'naive', prefix });
    try {
      const report = await probe({ url: target.url, store: `${redis.url}/${DB}` }, new AbortController().signal);
      expect(report.complete).toBe(true);
      expect(report.checks.find((c) => c.id === 'SESS-PREFLIGHT-MINT')?.status).toBe('fail');
      expect(report.store?.prefix).toBe(prefix);
      expect(report.store?.keysCreated.preflight).toBe(1);
      expect(report.store?.keysCreated['anon-1']).toBe(1);
      // the probe's per-step counts add up to what is really in Redis under the app's prefix
      const total = Object.values(report.store!.keysCreated).reduce((a, b) => a + b, 0);
      expect(await countKeys(redis.port, DB, prefix)).toBe(total);
      expect(report.model).toMatchObject({
        sessionCookie: 'connect.sid',
        cookie: 'persists',
        headerToken: 'not-persisted',
        bodyToken: 'not-persisted',
        stateFrom: 'set-cookie',
      });
      // a signed express id forged with the right shape fails the signature: a fresh id comes back
      expect(report.checks.find((c) => c.id === 'SESS-FIXATION')?.status).toBe('pass');
      expect(report.findings.map((f) => f.id)).toEqual(
        expect.arrayContaining(['SESS-ANON-MINT', 'COOKIE-SAMESITE-MISSING']),
      );
      expect(report.findings.map((f) => f.id)).not.toContain('COOKIE-HTTPONLY');
      // the fix is worded for express-session, which the cookie name gives away, and links its docs entry
      expect(report.model.framework).toEqual({ framework: 'express-session', from: 'cookie connect.sid' });
      expect(report.findings.find((f) => f.id === 'SESS-PREFLIGHT-MINT')).toMatchObject({
        fix: expect.stringMatching(/Mount cors\(\) before session\(\).*saveUninitialized: false/),
        docs: expect.stringMatching(/docs\/checks\.md#sess-preflight-mint$/),
      });
      // header tokens are not this app's mechanism: skipped, unless the app is expected to support them
      expect(report.checks.find((c) => c.id === 'SESS-HEADER-PERSIST')?.status).toBe('skip');
      const expecting = await probe({ url: target.url, expect: ['header'] }, new AbortController().signal);
      expect(expecting.findings.find((f) => f.id === 'SESS-HEADER-PERSIST')).toMatchObject({
        severity: 'medium',
        message: expect.stringMatching(/issued a new session cookie/),
      });
    } finally {
      await target.close();
    }
  });

  it('saveUninitialized false with cors first: no session on preflights, and nothing is claimed about persistence', async () => {
    const prefix = uniquePrefix('probe-lazy');
    const target = await startExpressTarget({ redisUrl: `${redis.url}/${DB}`, variant: 'lazy', prefix });
    try {
      const report = await probe(
        { url: target.url, store: `${redis.url}/${DB}`, storePrefix: prefix },
        new AbortController().signal,
      );
      const status = (id: string) => report.checks.find((c) => c.id === id)?.status;
      expect(status('SESS-PREFLIGHT-MINT')).toBe('pass');
      expect(status('SESS-ANON-MINT')).toBe('pass');
      expect(report.store?.keysCreated.preflight).toBe(0);
      expect(await countKeys(redis.port, DB, prefix)).toBe(0);
      // the endpoint does not depend on a session: unknown or skip, never pass
      expect(report.model).toMatchObject({
        sessionCookie: null,
        cookie: 'unknown',
        headerToken: 'unknown',
        bodyToken: 'unknown',
        precedence: 'unknown',
      });
      for (const id of ['SESS-COOKIE-PERSIST', 'SESS-HEADER-PERSIST', 'SESS-BODY-PERSIST'])
        expect(status(id)).toBe('unknown');
      expect(status('SESS-FIXATION')).toBe('skip');
      expect(report.findings).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('a preflight that hides its Set-Cookie still shows in the store', async () => {
    const prefix = uniquePrefix('probe-hidden');
    const target = await startExpressTarget({ redisUrl: `${redis.url}/${DB}`, variant: 'hidden', prefix });
    try {
      const withStore = await probe({ url: target.url, store: `${redis.url}/${DB}` }, new AbortController().signal);
      const f = withStore.findings.find((x) => x.id === 'SESS-PREFLIGHT-MINT');
      expect(f?.message).toMatch(/set no cookie and created 1 key in the store/);
      expect(f?.evidence?.response?.headers['set-cookie']).toBeUndefined();
      const without = await probe({ url: target.url }, new AbortController().signal);
      const check = without.checks.find((c) => c.id === 'SESS-PREFLIGHT-MINT');
      expect(check).toMatchObject({ status: 'pass', reason: expect.stringMatching(/pass --store/) });
    } finally {
      await target.close();
    }
  });
});
