import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../check/parse-config.js';
import {
  formatRecipe,
  parseLogoutRecipe,
  parseRecipe,
  readLogoutRecipe,
  readRecipe,
  withCsrfToken,
} from './request-recipe.js';

const base = new URL('http://127.0.0.1:3000/api/me');
const problem = (text: string) => {
  const r = readLogoutRecipe(text, base);
  return 'problem' in r ? r.problem : undefined;
};

describe('logout recipes', () => {
  it('reads METHOD PATH, a bare path (POST) and a same-origin URL', () => {
    expect(formatRecipe(parseLogoutRecipe('POST /logout', base))).toBe('POST /logout');
    expect(formatRecipe(parseLogoutRecipe('/auth/logout?all=1', base))).toBe('POST /auth/logout?all=1');
    expect(formatRecipe(parseLogoutRecipe('  delete   http://127.0.0.1:3000/api/session ', base))).toBe(
      'DELETE /api/session',
    );
    expect(parseLogoutRecipe('GET /logout', base).url.href).toBe('http://127.0.0.1:3000/logout');
  });

  it('says what is wrong with anything else, naming the flag', () => {
    expect(problem('')).toMatch(/use \[METHOD\] PATH/);
    expect(problem('POST /a /b')).toMatch(/use \[METHOD\] PATH/);
    expect(problem('FETCH /logout')).toBe('unsupported method FETCH: use GET, POST, PUT, PATCH, DELETE');
    expect(problem('POST logout')).toBe('logout is neither a path (/logout) nor an http(s) URL');
    expect(problem('POST https://evil.example/logout')).toBe(
      'https://evil.example is not the probed origin http://127.0.0.1:3000',
    );
    expect(() => parseLogoutRecipe('POST', base)).toThrow(/^invalid --logout "POST": POST is neither a path/);
  });

  it('is a probe field in check configs, validated against the probe URL', () => {
    const cfg = (logout: string) => JSON.stringify({ probes: [{ url: base.href, logout }] });
    expect(parseConfig(cfg('POST /logout')).probes[0]?.options.logout).toBe('POST /logout');
    expect(() => parseConfig(cfg('logout'))).toThrow(
      'config error: probes[0].logout must be a logout request, [METHOD] PATH, e.g. "POST /logout" or "DELETE /api/session"',
    );
    expect(() => parseConfig(cfg('FETCH /logout'))).toThrow(
      'config error: probes[0].logout is not a logout request: unsupported method FETCH: use GET, POST, PUT, PATCH, DELETE',
    );
    expect(() => parseConfig(cfg('POST http://other.example/logout'))).toThrow(
      /probes\[0\]\.logout is not a logout request: http:\/\/other\.example is not the probed origin/,
    );
  });
});

describe('login recipes', () => {
  const login = (text: string) => parseRecipe(text, base, '--login');
  const loginProblem = (text: string) => {
    const r = readRecipe(text, base, { body: true });
    return 'problem' in r ? r.problem : undefined;
  };

  it('reads [METHOD] PATH [JSON-BODY]: POST by default, the body as typed (spaces kept), every string value a secret', () => {
    const r = login('/login {"user": "demo user", "password": "s3cret pw", "remember": true, "otp": ["123456"]}');
    expect(formatRecipe(r)).toBe('POST /login');
    expect(JSON.parse(r.body!)).toEqual({ user: 'demo user', password: 's3cret pw', remember: true, otp: ['123456'] });
    expect(r.secrets).toEqual(['demo user', 's3cret pw', '123456']);
    expect(r.redactedBody).toMatch(
      /^\{"user":"<redacted 9 chars #[0-9a-f]{6}>","password":"<redacted 9 chars #[0-9a-f]{6}>","remember":true,"otp":\["<redacted 6 chars #[0-9a-f]{6}>"\]\}$/,
    );
    expect(r.redactedBody).not.toContain('s3cret');
    expect(formatRecipe(login('put http://127.0.0.1:3000/api/session {"token":"x"}'))).toBe('PUT /api/session');
    expect(login('POST /login')).toEqual({ method: 'POST', url: new URL('http://127.0.0.1:3000/login'), secrets: [] });
  });

  it('reads a URL-encoded form body: sent as a browser posts it, every value a secret, names kept', () => {
    const r = login('POST /login username=demo+user&password=s3cret%26pw&remember=&otp=123456');
    expect(r.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(r.body))).toEqual({
      username: 'demo user',
      password: 's3cret&pw',
      remember: '',
      otp: '123456',
    });
    expect(r.secrets).toEqual(['demo user', 's3cret&pw', '123456']);
    const shown = Object.fromEntries(new URLSearchParams(r.redactedBody));
    expect(shown).toEqual({
      username: expect.stringMatching(/^<redacted 9 chars #[0-9a-f]{6}>$/),
      password: expect.stringMatching(/^<redacted 9 chars #[0-9a-f]{6}>$/),
      remember: '',
      otp: expect.stringMatching(/^<redacted 6 chars #[0-9a-f]{6}>$/),
    });
    expect(r.redactedBody).not.toMatch(/s3cret|demo/);
    expect(login('POST /login {"user":"demo"}').contentType).toBe('application/json');
  });

  it('a form field set to {csrf} is filled from the login page: not a secret itself, the token redacted like one', () => {
    const r = login('POST /accounts/login/ csrfmiddlewaretoken={csrf}&username=demo&password=s3cret');
    expect(r.csrfField).toBe('csrfmiddlewaretoken');
    expect(r.secrets).toEqual(['demo', 's3cret']);
    expect(login('POST /login username=demo&password=s3cret').csrfField).toBeUndefined();
    const sent = withCsrfToken(r, 'tok+en/=');
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({
      csrfmiddlewaretoken: 'tok+en/=',
      username: 'demo',
      password: 's3cret',
    });
    expect(Object.fromEntries(new URLSearchParams(sent.redactedBody))).toEqual({
      csrfmiddlewaretoken: expect.stringMatching(/^<redacted 8 chars #[0-9a-f]{6}>$/),
      username: expect.stringMatching(/^<redacted 4 chars/),
      password: expect.stringMatching(/^<redacted 6 chars/),
    });
  });

  it('reads the body from @file.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessctl-recipe-'));
    try {
      const file = join(dir, 'login.json');
      writeFileSync(file, '{ "user": "demo", "password": "from-a-file" }\n');
      const r = login(`POST /login @${file}`);
      expect(JSON.parse(r.body!)).toEqual({ user: 'demo', password: 'from-a-file' });
      expect(r.secrets).toEqual(['demo', 'from-a-file']);
      expect(loginProblem(`POST /login @${join(dir, 'missing.json')}`)).toBe(
        `cannot read the body file ${join(dir, 'missing.json')}: ENOENT`,
      );
      const form = join(dir, 'login.form');
      writeFileSync(form, 'user=demo&password=from-a-form\n');
      expect(login(`POST /login @${form}`)).toMatchObject({
        contentType: 'application/x-www-form-urlencoded',
        body: 'user=demo&password=from-a-form',
        secrets: ['demo', 'from-a-form'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a bad body without echoing it, and a body on --logout or a GET', () => {
    expect(() => login('POST /login {"password":"hunter22"')).toThrow(
      /^invalid --login "POST \/login …": the body is not valid JSON$/,
    );
    expect(() => login('POST /login {"password":"hunter22"')).not.toThrow(/hunter22/);
    expect(loginProblem('GET /login {"a":"b"}')).toBe('a GET request carries no body: use POST (the default)');
    expect(loginProblem('POST https://evil.example/login {"a":"b"}')).toBe(
      'https://evil.example is not the probed origin http://127.0.0.1:3000',
    );
    expect(problem('POST /logout {"a":"b"}')).toMatch(/use \[METHOD\] PATH/);
    expect(() => login('')).toThrow(/use \[METHOD\] PATH \[BODY\]/);
    expect(() => login('POST /login hunter22')).toThrow(
      /^invalid --login "POST \/login …": the body is neither JSON nor a URL-encoded form \(name=value&name=value\)$/,
    );
    expect(() => login('POST /login hunter22')).not.toThrow(/hunter22/);
    expect(() => login('POST /login user=demo password=hunter22')).toThrow(
      /the body is neither JSON nor a URL-encoded form/,
    );
  });

  it('is a probe field in check configs, validated against the probe URL', () => {
    const cfg = (login: string) => JSON.stringify({ probes: [{ url: base.href, login }] });
    expect(parseConfig(cfg('POST /login {"user":"demo","password":"demo"}')).probes[0]?.options.login).toBe(
      'POST /login {"user":"demo","password":"demo"}',
    );
    expect(() => parseConfig(cfg('login'))).toThrow(/^config error: probes\[0\]\.login must be a login request/);
    expect(() => parseConfig(cfg('POST /login {nope'))).toThrow(
      'config error: probes[0].login is not a login request: the body is not valid JSON',
    );
    expect(() => parseConfig(cfg('POST http://other.example/login'))).toThrow(
      /probes\[0\]\.login is not a login request: http:\/\/other\.example is not the probed origin/,
    );
  });
});
