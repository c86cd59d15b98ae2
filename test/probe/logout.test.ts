import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import type { ProbeReport } from '../../src/probe/types.js';
import { sessctl } from '../harness/cli.js';
import { startMemcached, type RunningServer } from '../harness/servers.js';
import { countKeys, uniquePrefix } from './redis-keys.js';
import { startCookieTokenServer, startLogoutTarget, type Target } from './targets/index.js';
import { parseJunit } from './xml.js';

const { redis } = inject('servers');
const DB = 11;
const store = `${redis.url}/${DB}`;
const check = (r: ProbeReport) => r.checks.find((c) => c.id === 'SESS-LOGOUT')!;
const signal = () => new AbortController().signal;

let destroying: Target;
let clearing: Target;
const prefixes = { destroy: uniquePrefix('probe-logout-destroy'), clear: uniquePrefix('probe-logout-clear') };
beforeAll(async () => {
  destroying = await startLogoutTarget({ redisUrl: store, logout: 'destroy', prefix: prefixes.destroy });
  clearing = await startLogoutTarget({ redisUrl: store, logout: 'clear-cookie', prefix: prefixes.clear });
});
afterAll(async () => {
  await destroying?.close();
  await clearing?.close();
});

describe('SESS-LOGOUT with --logout against express-session', () => {
  it('passes when logout calls req.session.destroy(): the old cookie gets a fresh session and the store key is gone', async () => {
    const report = await probe({ url: destroying.url, logout: 'POST /logout', store }, signal());
    expect(report.complete).toBe(true);
    expect(report.model).toMatchObject({ sessionCookie: 'connect.sid', cookie: 'persists', stateFrom: 'body' });
    expect(check(report)).toMatchObject({
      status: 'pass',
      reason: expect.stringMatching(
        /after POST \/logout the old session cookie connect\.sid no longer reached its session: the server issued a new session cookie \(store: the logout deleted the session's key, 1 key removed\)/,
      ),
    });
    expect(report.findings.map((f) => f.id)).not.toContain('SESS-LOGOUT');
    expect(report.steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(['logout-cookie-session', 'logout-cookie', 'logout-cookie-replay']),
    );
    expect(report.steps.find((s) => s.step === 'logout-cookie')).toMatchObject({
      method: 'POST',
      url: new URL('/logout', destroying.url).href,
      status: 204,
    });
    expect(report.store?.keysRemoved).toEqual({ 'logout-cookie': 1 });
    // what is left in Redis: the learned session (still alive for SESS-TTL) and the replay's fresh one, not the logged-out one
    const created = Object.values(report.store!.keysCreated).reduce((a, b) => a + b, 0);
    expect(await countKeys(redis.port, DB, prefixes.destroy)).toBe(created - 1);
  });

  it('fails high when logout only expires the cookie: the server session still answers the old cookie (redacted)', async () => {
    const report = await probe({ url: clearing.url, logout: 'POST /logout', store }, signal());
    expect(check(report).status).toBe('fail');
    const f = report.findings.find((x) => x.id === 'SESS-LOGOUT')!;
    expect(f).toMatchObject({ severity: 'high', title: 'Logout does not invalidate the session' });
    expect(f.message).toMatch(
      /after POST \/logout \(answered 204\) the old session cookie connect\.sid still reached the same session: the response body shows the same session state \(store: the logout deleted no key\)/,
    );
    expect(report.store?.keysRemoved).toBeUndefined();
    expect(f.evidence?.step).toBe('logout-cookie-replay');
    expect(f.evidence?.request.headers.cookie).toMatch(/^connect\.sid=<redacted \d+ chars #[0-9a-f]{6}>$/);
    // no session id the target handed out appears anywhere in the report
    const text = JSON.stringify(report);
    const ids = [...text.matchAll(/s%3A[A-Za-z0-9_-]+/g)];
    expect(ids).toEqual([]);
    expect(text).not.toMatch(/connect\.sid=s/);
  });

  it('without --logout the check is skipped with a reason that names the flag', async () => {
    const report = await probe({ url: destroying.url }, signal());
    expect(check(report)).toEqual({
      id: 'SESS-LOGOUT',
      status: 'skip',
      reason: expect.stringMatching(/^pass --logout "POST \/logout"/),
    });
    expect(report.steps.some((s) => s.step.startsWith('logout'))).toBe(false);
  });

  it('a logout request that fails (wrong path) is an error, not a finding: the report is incomplete', async () => {
    const report = await probe({ url: destroying.url, logout: 'POST /signout' }, signal());
    expect(check(report)).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/the logout request POST \/signout answered 404/),
    });
    expect(report.complete).toBe(false);
    expect(report.findings.map((f) => f.id)).not.toContain('SESS-LOGOUT');
  });
});

describe('SESS-LOGOUT in token mode', () => {
  let mc: RunningServer;
  let target: Target;
  beforeAll(async () => {
    mc = await startMemcached();
    target = await startCookieTokenServer({ memcached: `127.0.0.1:${mc.port}`, logout: true, prefix: 'cts-logout:' });
  });
  afterAll(async () => {
    await target?.close();
    await mc?.stop();
  });

  it('logs out a fresh X-Auth-Token session with the header alone and passes when the server revokes it', async () => {
    const report = await probe({ url: target.url, logout: 'POST /logout', store: mc.url }, signal());
    expect(report.model).toMatchObject({ cookie: 'persists', headerToken: 'persists' });
    const c = check(report);
    expect(c.status).toBe('pass');
    expect(c.reason).toMatch(
      /after POST \/logout the old X-Auth-Token token no longer reached its session: the response body shows a different session state \(store: the logout deleted the session's key, 1 key removed\)/,
    );
    // the token round presented only the header: no cookie on the logout, the token on it
    const logouts = target.received!.filter(
      (r) =>
        r.method === 'POST' &&
        r.headers['x-auth-token'] !== undefined &&
        r.headers.cookie === undefined &&
        r.headers['content-type'] === undefined,
    );
    expect(logouts).toHaveLength(1);
    expect(report.store?.keysRemoved).toMatchObject({ 'logout-header': 1 });
    expect(JSON.stringify(report)).not.toContain(String(logouts[0]!.headers['x-auth-token']));
  });
});

describe('sessctl probe --logout (CLI)', () => {
  it('a bad recipe exits 2 with one line before any request', async () => {
    for (const bad of ['FETCH /logout', 'POST', 'POST logout', 'POST http://elsewhere.example/logout', 'POST /a /b']) {
      const r = await sessctl(['probe', clearing.url, '--logout', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), bad).toHaveLength(1);
      expect(r.stderr).toMatch(/invalid --logout/);
    }
    const har = await sessctl(['probe', '--har', 'recorded.har', '--logout', 'POST /logout']);
    expect(har.code).toBe(2);
    expect(har.stderr).toBe(
      'sessctl: --logout applies when probing a URL; a --har replay sends only the recorded requests\n',
    );
  });

  it('the text report shows the pass reason and the key the logout removed', async () => {
    const r = await sessctl([
      '--format',
      'text',
      '--no-color',
      'probe',
      destroying.url,
      '--logout',
      'POST /logout',
      '--store',
      store,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n +/g, ' ')).toMatch(
      /SESS-LOGOUT +pass: after POST \/logout the old session cookie connect\.sid no longer reached its session/,
    );
    expect(r.stdout).toMatch(/Store keys removed\n {2}logout-cookie: 1\n/);
  });

  it('the finding fails the run and shows in JUnit as a high failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessctl-logout-'));
    try {
      const file = join(dir, 'probe.xml');
      const r = await sessctl([
        '--fail-on',
        'high',
        '--output',
        `junit=${file}`,
        'probe',
        clearing.url,
        '--logout',
        '/logout',
        '--format',
        'json',
      ]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'SESS-LOGOUT').status).toBe('fail');
      const junit = parseJunit(readFileSync(file, 'utf8'));
      expect(junit.cases.find((c) => c.name.startsWith('SESS-LOGOUT '))?.failure).toMatch(
        /^high: Logout does not invalidate the session: after POST \/logout \(answered 204\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sessctl check passes a probe entry logout field on: the cookie-only logout fails the run with a SARIF error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessctl-logout-check-'));
    try {
      const config = join(dir, 'sessctl.config.json');
      const sarifFile = join(dir, 'check.sarif');
      writeFileSync(
        config,
        JSON.stringify({
          failOn: 'high',
          probes: [{ name: 'clearing', url: clearing.url, logout: 'POST /logout', ignore: ['SESS-ENTROPY'] }],
        }),
      );
      const r = await sessctl(['--output', `sarif=${sarifFile}`, 'check', '--config', config]);
      expect(r.code).toBe(1);
      const results = JSON.parse(readFileSync(sarifFile, 'utf8')).runs[0].results as Array<{
        ruleId: string;
        level: string;
        message: { text: string };
      }>;
      expect(results.filter((x) => x.ruleId === 'SESS-LOGOUT')).toEqual([
        expect.objectContaining({
          level: 'error',
          message: expect.objectContaining({
            text: expect.stringMatching(/old session cookie connect\.sid still reached the same session/),
          }),
        }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
