import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import { sessctl } from '../harness/cli.js';
import { countKeys, uniquePrefix } from './redis-keys.js';
import { startCookieTokenServer, startExpressTarget, type Target } from './targets/index.js';

const { redis, memcached } = inject('servers');
const DB = 12;
const dir = mkdtempSync(join(tmpdir(), 'sessctl-har-'));
let target: Target;
let prefix: string;

const h = (name: string, value: string) => ({ name, value });
function entry(
  method: string,
  url: string,
  headers: Array<{ name: string; value: string }>,
  postData?: { mimeType: string; text: string },
) {
  return {
    startedDateTime: new Date().toISOString(),
    time: 1,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers,
      queryString: [],
      headersSize: -1,
      bodySize: postData ? postData.text.length : 0,
      ...(postData ? { postData } : {}),
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [h('Set-Cookie', 'connect.sid=captured; Path=/')],
      content: { size: 0, mimeType: 'text/plain' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}

function writeHar(name: string, entries: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }));
  return file;
}

beforeAll(async () => {
  prefix = uniquePrefix('probe-har');
  target = await startExpressTarget({ redisUrl: `${redis.url}/${DB}`, variant: 'naive', prefix });
});
afterAll(async () => {
  await target?.close();
});

describe('HAR replay', () => {
  it('replays like a browser: the jar carries the session, the preflight goes without it and mints one', async () => {
    const origin = new URL(target.url).origin;
    const file = writeHar('app.har', [
      entry('GET', target.url, [h('Host', new URL(target.url).host), h('Accept', 'application/json')]),
      entry('OPTIONS', target.url, [
        h('Origin', 'http://app.local'),
        h('Access-Control-Request-Method', 'POST'),
        h('Access-Control-Request-Headers', 'content-type,x-auth-token'),
      ]),
      entry(
        'POST',
        target.url,
        [
          h('Origin', 'http://app.local'),
          h('Content-Type', 'application/json'),
          h('Cookie', 'connect.sid=captured-and-stale'),
          h('X-Auth-Token', 'captured'),
        ],
        { mimeType: 'application/json', text: '{"a":1}' },
      ),
      entry('GET', 'https://cdn.example.com/lib.js', []),
    ]);
    const before = await countKeys(redis.port, DB, prefix);
    const report = await probe(
      { url: '', har: file, store: `${redis.url}/${DB}`, storePrefix: prefix },
      new AbortController().signal,
    );
    expect(report.target).toBe(`${origin}/api/me`);
    expect(report.har?.sanitized).toBe(false);
    expect(report.model.sessionsFrom).toBe('har');
    const [get, preflight, post, cdn] = report.har!.entries;
    expect(get).toMatchObject({ preflight: false, minted: true, keysCreated: 1, status: 200 });
    expect(preflight).toMatchObject({ preflight: true, minted: true, keysCreated: 1 });
    // the jar's cookie replaced the stale captured one: same session, no new key
    expect(post).toMatchObject({ preflight: false, minted: false, keysCreated: 0 });
    expect(cdn).toMatchObject({ skipped: 'other origin https://cdn.example.com' });
    expect(await countKeys(redis.port, DB, prefix)).toBe(before + 2);
    const f = report.findings.find((x) => x.id === 'SESS-PREFLIGHT-MINT');
    expect(f?.message).toMatch(/^HAR entry 1 \(preflight/);
    expect(f?.evidence?.request.headers.cookie).toBeUndefined();
    expect(report.checks.find((c) => c.id === 'SESS-FIXATION')?.status).toBe('skip');
  });

  it('warns about a sanitized HAR and rejects a file that is not HAR', async () => {
    const sanitized = writeHar(
      'sanitized.har',
      [entry('GET', target.url, [])].map((e) => ({ ...e, response: { ...e.response, headers: [] } })),
    );
    const r = await sessctl(['--format', 'text', '--fail-on', 'none', 'probe', '--har', sanitized]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: the HAR has no Cookie\/Set-Cookie\/Authorization/);
    const bad = join(dir, 'bad.har');
    writeFileSync(bad, '{"log": {}}');
    const b = await sessctl(['probe', '--har', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/is not a HAR 1\.2 file/);
  });

  it('substitutes the token the server handed out for the captured one, and never sends it on preflights', async () => {
    const api = await startCookieTokenServer({
      memcached: `127.0.0.1:${memcached.port}`,
      prefix: uniquePrefix('probe-har-cts'),
    });
    try {
      const file = writeHar('token.har', [
        entry('GET', api.url, []),
        entry('OPTIONS', api.url, [
          h('Origin', 'http://app.local'),
          h('Access-Control-Request-Method', 'GET'),
          h('Access-Control-Request-Headers', 'x-auth-token'),
          h('X-Auth-Token', 'captured'),
        ]),
        entry('GET', api.url, [h('X-Auth-Token', 'captured')]),
      ]);
      const report = await probe({ url: '', har: file }, new AbortController().signal);
      const [first, preflight, second] = api.received!;
      expect(first!.headers['x-auth-token']).toBeUndefined();
      expect(preflight).toMatchObject({ method: 'OPTIONS' });
      expect(preflight!.headers['x-auth-token']).toBeUndefined();
      expect(preflight!.headers.cookie).toBeUndefined();
      expect(second!.headers['x-auth-token']).toBe(api.issued![0]);
      expect(second!.headers.cookie).toBe(`sid=${api.issued![0]}`);
      expect(report.har!.entries.map((e) => e.minted)).toEqual([true, true, false]);
    } finally {
      await api.close();
    }
  });
});
