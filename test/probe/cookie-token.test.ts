import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import type { ProbeReport } from '../../src/probe/types.js';
import { startMemcached, type RunningServer } from '../harness/servers.js';
import { startCookieTokenServer, type Target } from './targets/index.js';

// Target 6 runs against its own memcached so the store counts see only its keys.
let mc: RunningServer;
let target: Target;
let report: ProbeReport;
const status = (id: string) => report.checks.find((c) => c.id === id)?.status;
const finding = (id: string) => report.findings.find((f) => f.id === id);

beforeAll(async () => {
  mc = await startMemcached();
  target = await startCookieTokenServer({ memcached: `127.0.0.1:${mc.port}`, ttlS: 2 });
  report = await probe({ url: target.url, store: mc.url, ttlMs: 2000 }, new AbortController().signal);
});
afterAll(async () => {
  await target?.close();
  await mc?.stop();
});

describe('probe against the cookie-and-token server', () => {
  it('learns the model: cookie, header and body tokens persist, the cookie wins, expiry after the TTL', () => {
    expect(report.complete).toBe(true);
    expect(report.model).toMatchObject({
      sessionCookie: 'sid',
      cookie: 'persists',
      headerToken: 'persists',
      bodyToken: 'persists',
      precedence: 'cookie',
      ttlS: 2,
      stateFrom: 'body',
    });
    // the token comes in the JSON answer when the session is created: issued, not client-chosen
    expect(report.model.tokenKind).toBe('issued');
    // this stand-in keys cookie ids and tokens alike by sha256 (one namespace)
    expect(report.model.storeKeys).toEqual({
      cookie: 'cts:{sha256(id)}',
      headerToken: 'cts:{sha256(token)}',
      bodyToken: 'cts:{sha256(token)}',
    });
    expect(status('SESS-COOKIE-PERSIST')).toBe('pass');
    expect(status('SESS-HEADER-PERSIST')).toBe('pass');
    expect(status('SESS-BODY-PERSIST')).toBe('pass');
    expect(status('SESS-TTL')).toBe('pass');
    expect(finding('SESS-PRECEDENCE')?.severity).toBe('info');
  });

  it('token clients get no cookie', () => {
    expect(status('SESS-API-NO-COOKIE')).toBe('pass');
    const tokenRequests = target.received!.filter(
      (r) => r.headers['x-auth-token'] !== undefined && r.headers.cookie === undefined,
    );
    expect(tokenRequests.length).toBeGreaterThan(0);
  });

  it('finds the preflight minting a session and the store key it created', () => {
    const f = finding('SESS-PREFLIGHT-MINT')!;
    expect(f.severity).toBe('medium');
    expect(report.store?.keysCreated.preflight).toBe(1);
    expect(report.store?.prefix).toBe('cts:');
    expect(f.evidence?.response?.headers['set-cookie']).toMatch(/^sid=<redacted \d+ chars #[0-9a-f]{6}>; Path=\//);
  });

  it('sends preflights exactly as a browser does: OPTIONS, Origin, request method and headers, no cookie', () => {
    const preflights = target.received!.filter((r) => r.method === 'OPTIONS' && r.headers.cookie === undefined);
    expect(preflights).toHaveLength(1);
    expect(preflights[0]!.headers).toMatchObject({
      origin: 'http://sessctl-probe.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-auth-token',
    });
    expect(preflights[0]!.headers['x-auth-token']).toBeUndefined();
  });

  it('reports fixation: a forged id of the observed shape is adopted', () => {
    const f = finding('SESS-FIXATION')!;
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(/forged sid/);
    // the token header adopts forged ids too
    expect(report.findings.filter((x) => x.id === 'SESS-FIXATION').map((x) => x.message)).toEqual([
      expect.stringMatching(/forged sid/),
      expect.stringMatching(/forged X-Auth-Token/),
    ]);
    // the forged id went out in the cookie with the shape of the issued ones (base64url, same length)
    const sent = target
      .received!.map((r) => /sid=([^;]+)/.exec(String(r.headers.cookie ?? ''))?.[1])
      .filter((v): v is string => v !== undefined);
    const forged = [...new Set(sent.filter((v) => !target.issued!.includes(v)))];
    expect(forged).toHaveLength(1);
    expect(forged[0]).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(forged[0]!.length).toBe(target.issued![0]!.length);
    expect(report.store?.keysCreated['fixation-cookie']).toBe(1);
  });

  it('stays within a small, fixed request budget', () => {
    expect(report.requests).toBe(report.steps.length);
    expect(report.requests).toBeLessThanOrEqual(20);
    expect(report.steps.map((s) => s.step).slice(0, 6)).toEqual([
      'anon-1',
      'anon-2',
      'cookie',
      'header',
      'body',
      'precedence',
    ]);
    expect(report.steps.at(-1)?.step).toBe('after-ttl');
  });

  it('redacts every cookie value and token in the JSON report', () => {
    const text = JSON.stringify(report);
    const ids = target
      .received!.flatMap((r) => [r.headers['x-auth-token'], String(r.headers.cookie ?? '').slice(4)])
      .filter((v): v is string => typeof v === 'string' && v.length > 8);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(text).not.toContain(id);
  });
});

describe('SESS-TTL can fail', () => {
  it('reports a session that outlives --ttl', async () => {
    const longLived = await startCookieTokenServer({
      memcached: `127.0.0.1:${mc.port}`,
      ttlS: 30,
      prefix: 'cts-long:',
    });
    try {
      const r = await probe({ url: longLived.url, ttlMs: 1000 }, new AbortController().signal);
      const f = r.findings.find((x) => x.id === 'SESS-TTL');
      expect(f?.severity).toBe('medium');
      expect(f?.message).toMatch(/still answered more than 1s after its last use/);
      expect(r.model.ttlS).toBeNull();
      // one retry a second later before concluding, no more
      expect(r.steps.filter((s) => s.step.startsWith('after-ttl')).map((s) => s.step)).toEqual([
        'after-ttl',
        'after-ttl-retry',
      ]);
    } finally {
      await longLived.close();
    }
  });
});
