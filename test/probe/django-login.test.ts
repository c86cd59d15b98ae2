import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { ProbeReport } from '../../src/probe/types.js';
import { sessctl } from '../harness/cli.js';
import { countKeys, uniquePrefix } from './redis-keys.js';
import { startDjangoLoginTarget, type Target } from './targets/index.js';

const { redis } = inject('servers');
const DB = 12;
const PASSWORD = 'django-login-pw-4271';
const prefix = uniquePrefix('probe-django-login');
const dir = mkdtempSync(join(tmpdir(), 'sessctl-django-login-'));
let target: Target;

beforeAll(async () => {
  target = await startDjangoLoginTarget(redis.port, DB, prefix, PASSWORD);
});
afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = (r: ProbeReport, id: string) => r.checks.find((c) => c.id === id)!;
type HarEntry = {
  request: { method: string; url: string; postData?: { mimeType: string; text: string } };
  response: { status: number; content: { text?: string } };
};

it('a Django login form with its CSRF token: the page is read first, the token and cookie go along, the session rotates at login', async () => {
  const har = join(dir, 'django.har');
  const r = await sessctl([
    '--format',
    'json',
    'probe',
    target.url,
    '--login',
    `POST /login csrfmiddlewaretoken={csrf}&username=demo&password=${PASSWORD}`,
    '--store',
    `${redis.url}/${DB}`,
    '--store-prefix',
    prefix,
    '--save-har',
    har,
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as ProbeReport;
  expect(report.complete).toBe(true);
  expect(report.model).toMatchObject({ sessionCookie: 'sessionid', cookie: 'persists', sessionsFrom: 'login' });
  expect(
    report.steps
      .filter((s) => s.step.startsWith('login-1'))
      .map((s) => `${s.step} ${s.method} ${new URL(s.url).pathname} ${s.status}`),
  ).toEqual(['login-1-page GET /login 200', 'login-1 POST /login 200', 'login-1-state GET /api/me 200']);
  // cycle_key() at login, as django.contrib.auth.login does
  expect(check(report, 'SESS-FIXATION')).toMatchObject({
    status: 'pass',
    reason: expect.stringMatching(/the login replaced the sessionid it was sent with a new one/),
  });
  expect(report.store?.keysCreated).toMatchObject({ 'login-1': 1, 'login-2': 1 });
  // the ids issued at login are fresh ones, though the login carried the csrftoken cookie
  expect(check(report, 'SESS-ENTROPY')).toMatchObject({
    status: 'pass',
    reason: expect.stringMatching(/^at most \d+ bits per id/),
  });
  expect(await countKeys(redis.port, DB, prefix)).toBeGreaterThanOrEqual(2);

  const saved = readFileSync(har, 'utf8');
  for (const text of [r.stdout, saved]) expect(text).not.toContain(PASSWORD);
  const entries = (JSON.parse(saved) as { log: { entries: HarEntry[] } }).log.entries;
  const page = entries.find((e) => e.request.method === 'GET' && e.request.url.endsWith('/login'))!;
  // the page's token is a secret like the password: redacted where the page shows it
  expect(page.response.content.text).toMatch(/name="csrfmiddlewaretoken" value="<redacted 64 chars #[0-9a-f]{6}>"/);
  const posts = entries.filter((e) => e.request.method === 'POST' && e.request.url.endsWith('/login'));
  expect(posts.length).toBeGreaterThanOrEqual(3);
  for (const e of posts) {
    expect(e.request.postData?.mimeType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(e.request.postData!.text))).toEqual({
      csrfmiddlewaretoken: expect.stringMatching(/^<redacted 64 chars #[0-9a-f]{6}>$/),
      username: expect.stringMatching(/^<redacted 4 chars #[0-9a-f]{6}>$/),
      password: expect.stringMatching(/^<redacted 20 chars #[0-9a-f]{6}>$/),
    });
  }
});

it('without the token Django refuses the login with 403: exit 3, and the report says how to pass {csrf}', async () => {
  const r = await sessctl([
    '--format',
    'json',
    'probe',
    target.url,
    '--login',
    `POST /login username=demo&password=${PASSWORD}`,
  ]);
  expect(r.code).toBe(3);
  const report = JSON.parse(r.stdout) as ProbeReport;
  expect(report.complete).toBe(false);
  expect(report.errors).toEqual([
    expect.stringMatching(
      /^model: the login request POST \/login answered 403; .*takes it as a field set to \{csrf\}, e.g\. csrfmiddlewaretoken=\{csrf\}$/,
    ),
  ]);
  expect(r.stdout + r.stderr).not.toContain(PASSWORD);
});

it('a {csrf} field the page does not carry is an error naming the field', async () => {
  const r = await sessctl([
    '--format',
    'json',
    'probe',
    target.url,
    '--login',
    `POST /login _token={csrf}&username=demo&password=${PASSWORD}`,
  ]);
  expect(r.code).toBe(3);
  expect((JSON.parse(r.stdout) as ProbeReport).errors).toEqual([
    'model: the login page GET /login (status 200) has no _token field or csrf-token meta tag to take {csrf} from; name the form field that carries the token, as the login form does',
  ]);
  expect(r.stdout + r.stderr).not.toContain(PASSWORD);
});
