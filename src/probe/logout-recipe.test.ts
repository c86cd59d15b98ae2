import { describe, expect, it } from 'vitest';
import { parseConfig } from '../check/parse-config.js';
import { formatRecipe, parseLogoutRecipe, readLogoutRecipe } from './logout-recipe.js';

const base = new URL('http://127.0.0.1:3000/api/me');
const problem = (text: string) => {
  const r = readLogoutRecipe(text, base);
  return 'problem' in r ? r.problem : undefined;
};

describe('logout recipes', () => {
  it('reads METHOD PATH, a bare path (POST) and a same-origin URL', () => {
    expect(formatRecipe(parseLogoutRecipe('POST /logout', base))).toBe('POST /logout');
    expect(formatRecipe(parseLogoutRecipe('/auth/logout?all=1', base))).toBe('POST /auth/logout?all=1');
    expect(formatRecipe(parseLogoutRecipe('  delete   http://127.0.0.1:3000/api/session ', base))).toBe('DELETE /api/session');
    expect(parseLogoutRecipe('GET /logout', base).url.href).toBe('http://127.0.0.1:3000/logout');
  });

  it('says what is wrong with anything else, naming the flag', () => {
    expect(problem('')).toMatch(/use \[METHOD\] PATH/);
    expect(problem('POST /a /b')).toMatch(/use \[METHOD\] PATH/);
    expect(problem('FETCH /logout')).toBe('unsupported method FETCH: use GET, POST, PUT, PATCH, DELETE');
    expect(problem('POST logout')).toBe('logout is neither a path (/logout) nor an http(s) URL');
    expect(problem('POST https://evil.example/logout')).toBe('https://evil.example is not the probed origin http://127.0.0.1:3000');
    expect(() => parseLogoutRecipe('POST', base)).toThrow(/^invalid --logout "POST": POST is neither a path/);
  });

  it('is a probe field in check configs, validated against the probe URL', () => {
    const cfg = (logout: string) => JSON.stringify({ probes: [{ url: base.href, logout }] });
    expect(parseConfig(cfg('POST /logout')).probes[0]?.logout).toBe('POST /logout');
    expect(() => parseConfig(cfg('logout'))).toThrow('config error: probes[0].logout must be a logout request, [METHOD] PATH, e.g. "POST /logout" or "DELETE /api/session"');
    expect(() => parseConfig(cfg('FETCH /logout'))).toThrow('config error: probes[0].logout is not a logout request: unsupported method FETCH: use GET, POST, PUT, PATCH, DELETE');
    expect(() => parseConfig(cfg('POST http://other.example/logout'))).toThrow(/probes\[0\]\.logout is not a logout request: http:\/\/other\.example is not the probed origin/);
  });
});
