import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import type { ProbeReport } from '../../src/probe/types.js';
import { sessctl } from '../harness/cli.js';
import { dictionaryMatches } from '../harness/dictionary.js';
import { countKeys, uniquePrefix } from './redis-keys.js';
import { LOGIN_PASSWORD, LOGIN_USER, startLoginTarget, startTokenLoginTarget, type Target } from './targets/index.js';

const { redis } = inject('servers');
const DB = 11;
const store = `${redis.url}/${DB}`;
const LOGIN = `POST /login {"user": "${LOGIN_USER}", "password": "${LOGIN_PASSWORD}"}`;
const check = (r: ProbeReport, id: string) => r.checks.find((c) => c.id === id)!;
const signal = () => new AbortController().signal;
const dir = mkdtempSync(join(tmpdir(), 'sessctl-login-'));

let rotating: Target;
let keeping: Target;
const prefixes = { rotating: uniquePrefix('probe-login-regenerate'), keeping: uniquePrefix('probe-login-keep') };
beforeAll(async () => {
  rotating = await startLoginTarget({ redisUrl: store, login: 'regenerate', prefix: prefixes.rotating });
  keeping = await startLoginTarget({ redisUrl: store, login: 'keep', prefix: prefixes.keeping });
});
afterAll(async () => {
  await rotating?.close();
  await keeping?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('--login against express-session with saveUninitialized: false', () => {
  it('without --login nothing mints a session: the model and the session checks are unknown', async () => {
    const report = await probe({ url: rotating.url }, signal());
    expect(report.model).toMatchObject({
      sessionCookie: null,
      cookie: 'unknown',
      anonymousMints: false,
      stateFrom: 'none',
      sessionsFrom: 'none',
    });
    expect(check(report, 'SESS-COOKIE-PERSIST').status).toBe('unknown');
    expect(check(report, 'SESS-FIXATION').status).toBe('skip');
    expect(await countKeys(redis.port, DB, prefixes.rotating)).toBe(0);
  });

  it('with --login the probe logs in twice, learns connect.sid from the logins and the cookie persists', async () => {
    const report = await probe({ url: rotating.url, login: LOGIN, store }, signal());
    expect(report.complete).toBe(true);
    expect(report.model).toMatchObject({
      sessionCookie: 'connect.sid',
      cookie: 'persists',
      anonymousMints: false,
      stateFrom: 'body',
      sessionsFrom: 'login',
    });
    expect(check(report, 'SESS-COOKIE-PERSIST')).toMatchObject({
      status: 'pass',
      reason: expect.stringMatching(/same session: the response body shows the same session state/),
    });
    expect(check(report, 'SESS-ANON-MINT')).toMatchObject({
      status: 'pass',
      reason: 'no session cookie and no store key for an anonymous request',
    });
    expect(report.steps.slice(0, 6).map((s) => `${s.step} ${s.method} ${new URL(s.url).pathname} ${s.status}`)).toEqual(
      [
        'anon-1 GET /api/me 200',
        'anon-2 GET /api/me 200',
        'login-1 POST /login 200',
        'login-2 POST /login 200',
        'login-1-state GET /api/me 200',
        'login-2-state GET /api/me 200',
      ],
    );
    expect(report.store?.keysCreated).toMatchObject({ 'login-1': 1, 'login-2': 1 });
  });

  it('the text report says the sessions came from --login, and says so only then', async () => {
    const viaLogin = await sessctl(['--format', 'text', 'probe', rotating.url, '--login', LOGIN]);
    expect(viaLogin.stdout).toMatch(/^ {2}sessions from {3}the --login request \(anonymous requests get none\)$/m);
    const none = await sessctl(['--format', 'text', 'probe', rotating.url]);
    expect(none.stdout).toMatch(/^ {2}sessions from {3}nowhere: no request got a session/m);
  });

  it('SESS-FIXATION passes when the login regenerates the session id', async () => {
    const report = await probe({ url: rotating.url, login: LOGIN }, signal());
    expect(check(report, 'SESS-FIXATION')).toMatchObject({
      status: 'pass',
      reason: expect.stringMatching(/the login replaced the connect\.sid it was sent with a new one/),
    });
    // the forged cookie is ignored, not "adopted": it gets the anonymous answer
    expect(check(report, 'SESS-FIXATION').reason).toMatch(
      /the forged connect\.sid got the answer of a request without a session/,
    );
    expect(report.findings.map((f) => f.id)).not.toContain('SESS-FIXATION');
  });

  it('SESS-FIXATION is a high finding when the id sent before login is the logged-in session after it', async () => {
    const report = await probe({ url: keeping.url, login: LOGIN }, signal());
    expect(check(report, 'SESS-FIXATION').status).toBe('fail');
    const f = report.findings.find((x) => x.id === 'SESS-FIXATION')!;
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(
      /the login answered 200 without a new connect\.sid, and the id sent before login still reaches the session after it: the session id is not rotated at login/,
    );
    expect(f.evidence?.step).toBe('fixation-login');
    expect(f.evidence?.request).toMatchObject({
      method: 'POST',
      headers: { cookie: expect.stringMatching(/^connect\.sid=<redacted \d+ chars #[0-9a-f]{6}>$/) },
    });
  });

  it('an app with anonymous sessions: the pre-login id is presented at login, kept → high, regenerated → pass', async () => {
    const targets = await Promise.all(
      (['keep', 'regenerate'] as const).map((login) =>
        startLoginTarget({
          redisUrl: store,
          login,
          prefix: uniquePrefix(`probe-login-anon-${login}`),
          anonymous: true,
        }),
      ),
    );
    try {
      const [kept, rotated] = await Promise.all(targets.map((t) => probe({ url: t.url, login: LOGIN }, signal())));
      for (const r of [kept!, rotated!]) {
        expect(r.model).toMatchObject({
          sessionCookie: 'connect.sid',
          cookie: 'persists',
          anonymousMints: true,
          sessionsFrom: 'anonymous',
        });
        // the model comes from the anonymous sessions: no login while learning, one for the fixation check
        expect(r.steps.filter((s) => new URL(s.url).pathname === '/login').map((s) => s.step)).toEqual([
          'fixation-login',
        ]);
      }
      expect(kept!.findings.find((f) => f.id === 'SESS-FIXATION')?.message).toMatch(
        /the id sent before login still reaches the session after it/,
      );
      expect(check(rotated!, 'SESS-FIXATION')).toMatchObject({
        status: 'pass',
        reason: expect.stringMatching(/the login replaced the connect\.sid it was sent with a new one/),
      });
    } finally {
      await Promise.all(targets.map((t) => t.close()));
    }
  });

  it('SESS-LOGOUT logs out a logged-in session from --login', async () => {
    const report = await probe({ url: rotating.url, login: LOGIN, logout: 'POST /logout' }, signal());
    expect(check(report, 'SESS-LOGOUT')).toMatchObject({
      status: 'pass',
      reason: expect.stringMatching(
        /after POST \/logout the old session cookie connect\.sid no longer reached its session: the response body shows a different session state/,
      ),
    });
    expect(
      report.steps
        .filter((s) => s.step.startsWith('logout-cookie'))
        .map((s) => `${s.step} ${s.method} ${new URL(s.url).pathname}`),
    ).toEqual([
      'logout-cookie-session POST /login',
      'logout-cookie-session-state GET /api/me',
      'logout-cookie POST /logout',
      'logout-cookie-replay GET /api/me',
    ]);
  });

  it('a login the target refuses is an error that names the request, never the credentials', async () => {
    await expect(
      probe(
        { url: rotating.url, login: `POST /login {"user":"${LOGIN_USER}","password":"wrong-password-1"}` },
        signal(),
      ),
    ).resolves.toMatchObject({
      complete: false,
      errors: [
        expect.stringMatching(
          /^model: the login request POST \/login answered 401; check --login: method, path and body/,
        ),
      ],
    });
  });
});

describe('--login against a token API (no cookies)', () => {
  it('captures the token from the JSON login answer: the header token persists, the token never shows', async () => {
    const target = await startTokenLoginTarget();
    try {
      const without = await probe({ url: target.url }, signal());
      expect(check(without, 'SESS-HEADER-PERSIST').status).toBe('unknown');
      const report = await probe({ url: target.url, login: LOGIN, expect: ['header'] }, signal());
      expect(report.model).toMatchObject({ sessionCookie: null, headerToken: 'persists', stateFrom: 'body' });
      // the token handed out at login is what persists
      expect(report.model.tokenKind).toBe('issued');
      expect(check(report, 'SESS-HEADER-PERSIST').status).toBe('pass');
      expect(check(report, 'SESS-FIXATION')).toMatchObject({
        status: 'pass',
        reason: expect.stringMatching(/the forged X-Auth-Token got the answer of a request without a session/),
      });
      expect(target.issued.length).toBeGreaterThanOrEqual(2);
      const text = JSON.stringify(report);
      for (const token of target.issued) expect(text).not.toContain(token);
    } finally {
      await target.close();
    }
  });
});

describe('sessctl probe --login (CLI)', () => {
  it('the password and user name never appear in the JSON report, the HAR file or stderr', async () => {
    const har = join(dir, 'login.har');
    const r = await sessctl([
      '--format',
      'json',
      'probe',
      keeping.url,
      '--login',
      LOGIN,
      '--logout',
      'POST /logout',
      '--save-har',
      har,
    ]);
    expect(r.code).toBe(1);
    const saved = readFileSync(har, 'utf8');
    for (const text of [r.stdout, r.stderr, saved]) {
      expect(text).not.toContain(LOGIN_PASSWORD);
      expect(text).not.toContain(`"${LOGIN_USER}"`);
    }
    const logins = (
      JSON.parse(saved) as {
        log: {
          entries: Array<{
            request: { url: string; postData?: { mimeType: string; text: string } };
            response: { content: { text?: string } };
          }>;
        };
      }
    ).log.entries.filter((e) => e.request.url.endsWith('/login'));
    expect(logins.length).toBeGreaterThanOrEqual(3);
    for (const e of logins) {
      expect(e.request.postData?.mimeType).toBe('application/json');
      expect(JSON.parse(e.request.postData!.text)).toEqual({
        user: expect.stringMatching(/^<redacted 4 chars #[0-9a-f]{6}>$/),
        password: expect.stringMatching(/^<redacted 21 chars #[0-9a-f]{6}>$/),
      });
      // the app echoes the user name back: redacted there too
      expect(e.response.content.text).toMatch(/^\{"ok":true,"user":"<redacted 4 chars #[0-9a-f]{6}>"\}$/);
    }
  });

  it('no login value can be matched from the HAR by a dictionary (tags are keyed per run), yet equal values share a tag', async () => {
    const har = join(dir, 'dictionary.har');
    const r = await sessctl(['--format', 'json', 'probe', keeping.url, '--login', LOGIN, '--save-har', har]);
    expect(r.code).toBe(1);
    const saved = readFileSync(har, 'utf8');
    const words = [
      LOGIN_USER,
      LOGIN_PASSWORD,
      'hunter2',
      'password',
      'admin',
      ...Array.from({ length: 2_000 }, (_, i) => `${LOGIN_PASSWORD.slice(0, -5)}${String(i).padStart(5, '0')}`),
    ];
    expect(dictionaryMatches(saved, words)).toEqual([]);
    const entries = (
      JSON.parse(saved) as { log: { entries: Array<{ request: { url: string; postData?: { text: string } } }> } }
    ).log.entries;
    const passwords = entries
      .filter((e) => e.request.url.endsWith('/login'))
      .map((e) => (JSON.parse(e.request.postData!.text) as { password: string }).password);
    expect(passwords.length).toBeGreaterThanOrEqual(2);
    expect(new Set(passwords).size).toBe(1);
  });

  it('--show-secrets keeps the login body in the HAR file (it is then a credential)', async () => {
    const har = join(dir, 'live.har');
    const r = await sessctl([
      '--format',
      'json',
      'probe',
      rotating.url,
      '--login',
      LOGIN,
      '--save-har',
      har,
      '--show-secrets',
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(har, 'utf8')).toContain(LOGIN_PASSWORD);
    expect(r.stdout).not.toContain(LOGIN_PASSWORD);
  });

  it('logs in with a URL-encoded form: sent as one, its values redacted in the report, the HAR and stderr', async () => {
    const har = join(dir, 'form.har');
    const form = `POST /login user=${LOGIN_USER}&password=${LOGIN_PASSWORD}`;
    const r = await sessctl(['--format', 'json', 'probe', rotating.url, '--login', form, '--save-har', har]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ProbeReport;
    expect(report.model).toMatchObject({ sessionCookie: 'connect.sid', cookie: 'persists', sessionsFrom: 'login' });
    expect(check(report, 'SESS-FIXATION').status).toBe('pass');
    const saved = readFileSync(har, 'utf8');
    for (const text of [r.stdout, r.stderr, saved]) expect(text).not.toContain(LOGIN_PASSWORD);
    const logins = (
      JSON.parse(saved) as {
        log: { entries: Array<{ request: { url: string; postData?: { mimeType: string; text: string } } }> };
      }
    ).log.entries.filter((e) => e.request.url.endsWith('/login'));
    expect(logins.length).toBeGreaterThanOrEqual(3);
    for (const e of logins) {
      expect(e.request.postData?.mimeType).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(e.request.postData!.text))).toEqual({
        user: expect.stringMatching(/^<redacted 4 chars #[0-9a-f]{6}>$/),
        password: expect.stringMatching(/^<redacted 21 chars #[0-9a-f]{6}>$/),
      });
    }
  });

  it('reads the body from @file.json', async () => {
    const body = join(dir, 'login.json');
    writeFileSync(body, JSON.stringify({ user: LOGIN_USER, password: LOGIN_PASSWORD }));
    const r = await sessctl(['--format', 'json', 'probe', rotating.url, '--login', `POST /login @${body}`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).model.cookie).toBe('persists');
  });

  it('a bad recipe exits 2 with one line before any request, without echoing the body', async () => {
    const bad = {
      'FETCH /login': 'invalid --login "FETCH /login": unsupported method FETCH: use GET, POST, PUT, PATCH, DELETE',
      'POST login': 'invalid --login "POST login": login is neither a path (/login) nor an http(s) URL',
      [`POST /login {"password":"${LOGIN_PASSWORD}"`]: 'invalid --login "POST /login …": the body is not valid JSON',
      [`GET /login {"password":"${LOGIN_PASSWORD}"}`]:
        'invalid --login "GET /login …": a GET request carries no body: use POST (the default)',
      'POST http://elsewhere.example/login {}':
        'invalid --login "POST http://elsewhere.example/login …": http://elsewhere.example is not the probed origin',
      [`POST /login @${join(dir, 'nope.json')}`]: `invalid --login "POST /login …": cannot read the body file ${join(dir, 'nope.json')}: ENOENT`,
    };
    for (const [recipe, message] of Object.entries(bad)) {
      const r = await sessctl(['probe', rotating.url, '--login', recipe]);
      expect(r.code, recipe).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), recipe).toHaveLength(1);
      expect(r.stderr, recipe).toContain(`sessctl: ${message}`);
      expect(r.stderr).not.toContain(LOGIN_PASSWORD);
    }
    const har = await sessctl(['probe', '--har', 'recorded.har', '--login', 'POST /login']);
    expect(har.code).toBe(2);
    expect(har.stderr).toBe(
      'sessctl: --login applies when probing a URL; a --har replay sends only the recorded requests\n',
    );
  });

  it('sessctl check passes a probe entry login field on (password from the environment): the kept id fails the run', async () => {
    const config = join(dir, 'sessctl.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        failOn: 'high',
        probes: [
          {
            name: 'keeping',
            url: keeping.url,
            login: `POST /login {"user":"${LOGIN_USER}","password":"\${LOGIN_PASSWORD}"}`,
            ignore: ['SESS-ENTROPY'],
          },
        ],
      }),
    );
    const r = await sessctl(['--format', 'json', 'check', '--config', config], { env: { LOGIN_PASSWORD } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the session id is not rotated at login/);
    expect(r.stdout).not.toContain(LOGIN_PASSWORD);
  });
});
