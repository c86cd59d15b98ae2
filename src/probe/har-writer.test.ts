import { describe, expect, it } from 'vitest';
import { buildHar } from './har-writer.js';
import type { Exchange, FailedRequest } from './http-client.js';
import { parseSetCookie } from '../http-cookie.js';

const ID = 'Zr3xQ9vLm2Kp7WfT4bYc1NdE';
const TOKEN = 'tok_8f2c61d0a9b44e17';

const answered: Exchange = {
  step: 'id-in-url',
  request: {
    method: 'POST',
    url: `http://app.test/api/me;jsessionid=${ID}?sid=${ID}&page=2`,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'x-api-key': TOKEN,
      'content-type': 'application/json',
      cookie: `sid=${ID}; theme=dark`,
    },
    body: `{"token":"${TOKEN}"}`,
  },
  response: {
    status: 302,
    headers: {
      location: `/login?sid=${ID}`,
      'set-cookie': [`sid=${ID}; Path=/; HttpOnly`, 'old=; Max-Age=0'],
      'content-type': 'text/html',
    },
    setCookies: [parseSetCookie(`sid=${ID}; Path=/; HttpOnly`), parseSetCookie('old=; Max-Age=0')],
    body: `<a href="/x?sid=${ID}">`,
    truncated: false,
  },
  ms: 12.5,
  waitMs: 10,
  startedAt: Date.UTC(2026, 10, 22, 8, 0, 0),
};
const failed: FailedRequest = {
  step: 'ttl',
  request: { method: 'GET', url: 'http://app.test/api/me', headers: {} },
  error: 'http://app.test did not answer GET within 5000 ms (step ttl)',
  ms: 5000,
  startedAt: Date.UTC(2026, 10, 22, 8, 0, 1),
};
const log = { sent: [answered, failed], secrets: new Set([ID, TOKEN]), tokenHeader: 'X-Auth-Token' };

describe('buildHar', () => {
  it('redacts ids and tokens wherever they are: URL, query, Authorization, other headers, cookies, bodies, Location', () => {
    const har = buildHar(log, { version: '9.9.9', showSecrets: false });
    const text = JSON.stringify(har);
    expect(text).not.toContain(ID);
    expect(text).not.toContain(TOKEN);
    const [e] = har.log.entries;
    // the URL still parses, and its query shows the redaction decoded
    expect(new URL(e!.request.url).pathname).toMatch(
      /^\/api\/me;jsessionid=%3Credacted%2024%20chars%20%23[0-9a-f]{6}%3E$/,
    );
    expect(e!.request.queryString).toEqual([
      { name: 'sid', value: expect.stringMatching(/^<redacted 24 chars #[0-9a-f]{6}>$/) },
      { name: 'page', value: '2' },
    ]);
    expect(e!.request.headers).toContainEqual({
      name: 'authorization',
      value: expect.stringMatching(/^<redacted 27 chars/),
    });
    expect(e!.request.headers).toContainEqual({
      name: 'x-api-key',
      value: expect.stringMatching(/^<redacted 20 chars #/),
    });
    expect(e!.request.cookies).toEqual([
      { name: 'sid', value: expect.stringMatching(/^<redacted 24 chars #/) },
      { name: 'theme', value: expect.stringMatching(/^<redacted 4 chars #/) },
    ]);
    expect(e!.response.cookies.map((c) => [c.name, c.value])).toEqual([
      ['sid', expect.stringMatching(/^<redacted/)],
      ['old', ''],
    ]);
    expect(e!.response.redirectURL).toMatch(/^\/login\?sid=%3Credacted%2024%20chars%20%23[0-9a-f]{6}%3E$/);
    expect(e!.request.postData).toEqual({
      mimeType: 'application/json',
      text: expect.stringMatching(/^\{"token":"<redacted 20 chars/),
    });
  });

  it('keeps a redacted form body decodable', () => {
    const form: Exchange = {
      ...answered,
      request: {
        method: 'POST',
        url: 'http://app.test/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `sid=${ID}&next=%2F`,
      },
    };
    const [e] = buildHar({ ...log, sent: [form] }, { version: '9.9.9', showSecrets: false }).log.entries;
    expect([...new URLSearchParams(e!.request.postData!.text)]).toEqual([
      ['sid', expect.stringMatching(/^<redacted 24 chars #[0-9a-f]{6}>$/)],
      ['next', '/'],
    ]);
  });

  it('keeps everything with showSecrets, and times add up', () => {
    const har = buildHar(log, { version: '9.9.9', showSecrets: true });
    const [e, f] = har.log.entries;
    expect(e!.request.url).toBe(answered.request.url);
    expect(e!.response.headers).toContainEqual({ name: 'set-cookie', value: `sid=${ID}; Path=/; HttpOnly` });
    expect(e!.startedDateTime).toBe('2026-11-22T08:00:00.000Z');
    expect(e!.timings).toMatchObject({ send: 0, wait: 10, receive: 2.5 });
    expect(e!.time).toBe(12.5);
    expect(e!.response.statusText).toBe('Found');
    expect(f!.response).toMatchObject({ status: 0, _error: failed.error, headers: [] });
    expect(f!.time).toBe(5000);
  });
});
