import { describe, expect, it } from 'vitest';
import type { Exchange } from './http-client.js';
import { loginHint } from './login-hint.js';

const target = new URL('http://app.test/account');
const ex = (status: number, body: string, headers: Record<string, string> = {}, url = target.href): Exchange =>
  ({
    step: 'anon-1',
    request: { method: 'GET', url, headers: {} },
    response: { status, headers, setCookies: [], body, truncated: false },
    ms: 1,
    startedAt: 0,
    waitMs: 1,
  }) as Exchange;

describe('loginHint', () => {
  it('turns a form with a password field into a --login recipe, the CSRF field as {csrf}', () => {
    const html = `<form method="post" action="/accounts/login/"><input type="hidden" name="csrfmiddlewaretoken" value="x"><input name="username"><input type="password" name="password"><button type="submit">go</button></form>`;
    expect(loginHint([ex(200, html)], target)).toBe(
      "the page has a login form: try --login 'POST /accounts/login/ csrfmiddlewaretoken={csrf}&username=…&password=…'",
    );
  });

  it('a form on another origin is no login route of this app', () => {
    expect(
      loginHint([ex(200, '<form action="https://idp.example/login"><input type="password" name="p"></form>')], target),
    ).toBeNull();
  });

  it('reads the login path a JSON 401 names', () => {
    expect(loginHint([ex(401, '{"error":"unauthorized","login":"/api/v2/auth/login"}')], target)).toBe(
      `GET /account answered 401 naming /api/v2/auth/login: try --login 'POST /api/v2/auth/login {"user":"…","password":"…"}'`,
    );
  });

  it('says what a 401 with WWW-Authenticate asks for', () => {
    expect(loginHint([ex(401, '', { 'www-authenticate': 'Bearer realm="api"' })], target)).toMatch(
      /answered 401 with WWW-Authenticate: Bearer: .*--login 'POST \/login .*--token-header Authorization/,
    );
  });

  it('says nothing when nothing names a login', () => {
    expect(loginHint([ex(200, '{"ok":true}'), ex(404, 'not found')], target)).toBeNull();
  });
});
