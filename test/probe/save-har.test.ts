import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { sessctl } from '../harness/cli.js';
import { freePort, startMemcached, type RunningServer } from '../harness/servers.js';
import { uniquePrefix } from './redis-keys.js';
import { startCookieTokenServer, startExpressTarget, type Target } from './targets/index.js';

const { redis } = inject('servers');
const DB = 12;
const dir = mkdtempSync(join(tmpdir(), 'sessctl-save-har-'));
let express: Target;
let prefix: string;

interface NameValue {
  name: string;
  value: string;
}
interface Entry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    queryString: NameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: object;
  timings: { send: number; wait: number; receive: number };
}
interface Har {
  log: { version: string; creator: { name: string; version: string }; entries: Entry[] };
}

const isNameValues = (a: unknown) =>
  Array.isArray(a) && a.every((x) => typeof x.name === 'string' && typeof x.value === 'string');

/** The HAR 1.2 required fields (softwareishard.com/blog/har-12-spec), checked field by field. */
function expectHar12(har: Har): void {
  expect(har.log.version).toBe('1.2');
  expect(har.log.creator).toEqual({ name: 'sessctl', version: VERSION });
  let last = 0;
  for (const e of har.log.entries) {
    const started = Date.parse(e.startedDateTime);
    expect(e.startedDateTime).toBe(new Date(started).toISOString());
    expect(started).toBeGreaterThanOrEqual(last);
    last = started;
    expect(e.time).toBeCloseTo(e.timings.send + e.timings.wait + e.timings.receive, 2);
    for (const t of [e.timings.send, e.timings.wait, e.timings.receive]) expect(t).toBeGreaterThanOrEqual(0);
    const q = e.request;
    expect(typeof q.method).toBe('string');
    expect(new URL(q.url).protocol).toBe('http:');
    expect(q.httpVersion).toBe('HTTP/1.1');
    for (const list of [q.cookies, q.headers, q.queryString]) expect(isNameValues(list)).toBe(true);
    expect(q.headersSize).toBe(-1);
    if (q.postData) {
      expect(typeof q.postData.mimeType).toBe('string');
      // the size sent on the wire: the saved text may be shorter or longer once a token is redacted
      expect(q.bodySize).toBeGreaterThan(0);
    }
    const s = e.response;
    expect(s.status).toBeGreaterThanOrEqual(100);
    expect(typeof s.statusText).toBe('string');
    expect(isNameValues(s.cookies) && isNameValues(s.headers)).toBe(true);
    expect(typeof s.content.size).toBe('number');
    expect(typeof s.content.mimeType).toBe('string');
    expect(typeof s.redirectURL).toBe('string');
    expect(e.cache).toEqual({});
  }
}

async function sessionIds(): Promise<string[]> {
  const r = new Redis({ port: redis.port, host: '127.0.0.1', db: DB });
  try {
    return (await r.keys(`${prefix}*`)).map((k) => k.slice(prefix.length));
  } finally {
    r.disconnect();
  }
}

beforeAll(async () => {
  prefix = uniquePrefix('probe-save-har');
  express = await startExpressTarget({ redisUrl: `${redis.url}/${DB}`, variant: 'naive', prefix });
});
afterAll(async () => {
  await express?.close();
  rmSync(dir, { recursive: true, force: true });
  const r = new Redis({ port: redis.port, host: '127.0.0.1', db: DB });
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  r.disconnect();
});

describe('probe --save-har (express-session target)', () => {
  const file = join(dir, 'express.har');
  let har: Har;
  let text: string;
  let report: { requests: number; steps: Array<{ method: string; url: string; status: number }> };

  beforeAll(async () => {
    const r = await sessctl(['--format', 'json', 'probe', express.url, '--save-har', file]);
    expect(r.code).toBe(1);
    report = JSON.parse(r.stdout);
    text = readFileSync(file, 'utf8');
    har = JSON.parse(text);
  });

  it('is HAR 1.2 with one entry per request the probe reported, in order', () => {
    expectHar12(har);
    expect(report.requests).toBeGreaterThan(5);
    expect(har.log.entries).toHaveLength(report.requests);
    expect(har.log.entries.map((e) => [e.request.method, e.request.url, e.response.status])).toEqual(
      report.steps.map((s) => [s.method, s.url, s.status]),
    );
    expect(har.log.entries.some((e) => e.request.method === 'OPTIONS')).toBe(true);
  });

  it('holds no session id the server set, only redacted cookies that still show their names', async () => {
    const ids = await sessionIds();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(encodeURIComponent(`s:${id}`));
    }
    const setCookies = har.log.entries.flatMap((e) =>
      e.response.headers.filter((h) => h.name.toLowerCase() === 'set-cookie'),
    );
    expect(setCookies.length).toBeGreaterThan(0);
    for (const h of setCookies) expect(h.value).toMatch(/^connect\.sid=<redacted \d+ chars #[0-9a-f]{6}>; Path=\//);
    const cookies = har.log.entries.flatMap((e) => [...e.request.cookies, ...e.response.cookies]);
    expect(cookies.some((c) => c.name === 'connect.sid')).toBe(true);
    for (const c of cookies) expect(c.value === '' || c.value.startsWith('<redacted ')).toBe(true);
  });

  it('refuses to overwrite the --har input it replays', async () => {
    const before = readFileSync(file, 'utf8');
    const r = await sessctl(['probe', '--har', file, '--save-har', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is the --har input: writing to it would destroy it/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('is accepted by --har and replayed entry for entry', async () => {
    const r = await sessctl(['--format', 'json', 'probe', '--har', file]);
    expect([0, 1]).toContain(r.code);
    const replay = JSON.parse(r.stdout);
    expect(replay.target).toBe(har.log.entries[0]!.request.url);
    expect(replay.har.sanitized).toBe(false);
    expect(replay.har.entries).toHaveLength(har.log.entries.length);
    expect(replay.har.entries.filter((e: { skipped?: string }) => e.skipped)).toEqual([]);
  });

  it('redacts custom headers a replayed HAR carries, keeping harmless ones (issue 21)', async () => {
    const input = join(dir, 'custom-headers.har');
    const custom = { 'X-Api-Key': 'live-api-key-5f2e9c1d7a', 'X-Tenant-Secret': 'tenant-secret-8b3a' };
    const withCustom = structuredClone(har);
    for (const e of withCustom.log.entries)
      e.request.headers.push(...Object.entries(custom).map(([name, value]) => ({ name, value })), {
        name: 'Accept',
        value: 'application/json',
      });
    writeFileSync(input, JSON.stringify(withCustom));
    const out = join(dir, 'custom-headers-out.har');
    const r = await sessctl(['--format', 'json', 'probe', '--har', input, '--save-har', out]);
    expect([0, 1]).toContain(r.code);
    const saved = readFileSync(out, 'utf8');
    for (const v of Object.values(custom)) {
      expect(saved).not.toContain(v);
      expect(r.stdout).not.toContain(v);
    }
    const headers = (JSON.parse(saved) as Har).log.entries.flatMap((e) => e.request.headers);
    const sent = (name: string) => headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
    expect(sent('x-api-key').length).toBeGreaterThan(0);
    for (const v of sent('x-api-key'))
      expect(v).toMatch(new RegExp(`^<redacted ${custom['X-Api-Key'].length} chars #[0-9a-f]{6}>$`));
    expect(sent('accept')).toContain('application/json');
  });

  it('with --store, each entry says how many store keys its request created', async () => {
    const stored = join(dir, 'store.har');
    const r = await sessctl([
      '--format',
      'json',
      'probe',
      express.url,
      '--store',
      `${redis.url}/${DB}`,
      '--store-prefix',
      prefix,
      '--save-har',
      stored,
    ]);
    expect(r.code).toBe(1);
    const { store } = JSON.parse(r.stdout) as { store: { keysCreated: Record<string, number> } };
    const entries = (JSON.parse(readFileSync(stored, 'utf8')) as Har).log.entries as Array<
      Entry & { _step: string; _keysCreated?: number }
    >;
    expect(Object.fromEntries(entries.map((e) => [e._step, e._keysCreated]))).toEqual(store.keysCreated);
    expect(entries.find((e) => e.request.method === 'OPTIONS')!._keysCreated).toBe(1);
  });

  it('keeps the ids with --show-secrets, in a file only its owner can read', async () => {
    const before = new Set(await sessionIds());
    const shown = join(dir, 'shown.har');
    writeFileSync(shown, 'an older, world-readable file');
    chmodSync(shown, 0o644);
    const r = await sessctl(['--format', 'json', 'probe', express.url, '--save-har', shown, '--show-secrets']);
    expect(r.code).toBe(1);
    const fresh = (await sessionIds()).filter((id) => !before.has(id));
    expect(fresh.length).toBeGreaterThan(0);
    const raw = readFileSync(shown, 'utf8');
    expect(fresh.some((id) => raw.includes(encodeURIComponent(`s:${id}`)))).toBe(true);
    expect(raw).not.toContain('<redacted');
    expect(statSync(shown).mode & 0o777).toBe(0o600);
    // a report never shows them, --show-secrets or not
    for (const id of fresh) expect(r.stdout).not.toContain(id);
  });
});

describe('probe --save-har (cookie + token target)', () => {
  let mc: RunningServer;
  let api: Target;
  beforeAll(async () => {
    mc = await startMemcached();
    api = await startCookieTokenServer({
      memcached: `127.0.0.1:${mc.port}`,
      prefix: uniquePrefix('probe-save-har-cts'),
    });
  });
  afterAll(async () => {
    await api?.close();
    await mc?.stop();
  });

  it('redacts tokens in X-Auth-Token headers and JSON bodies as well as cookies', async () => {
    const file = join(dir, 'token.har');
    const r = await sessctl(['--format', 'json', 'probe', api.url, '--save-har', file]);
    expect(r.code).toBe(1);
    const text = readFileSync(file, 'utf8');
    const har = JSON.parse(text) as Har;
    expectHar12(har);
    expect(har.log.entries).toHaveLength(JSON.parse(r.stdout).requests);
    expect(api.issued!.length).toBeGreaterThan(0);
    for (const id of api.issued!) expect(text).not.toContain(id);
    const tokenHeaders = har.log.entries
      .flatMap((e) => [...e.request.headers, ...e.response.headers])
      .filter((h) => h.name.toLowerCase() === 'x-auth-token');
    expect(tokenHeaders.length).toBeGreaterThan(0);
    for (const h of tokenHeaders) expect(h.value).toMatch(/^<redacted \d+ chars #[0-9a-f]{6}>$/);
    expect(har.log.entries.some((e) => e.request.postData?.text.includes('"token":"<redacted'))).toBe(true);
  });

  it('an unwritable --save-har or --output path exits 2 before any request is sent', async () => {
    const sent = api.received!.length;
    const file = join(dir, 'no-such-dir', 'x.har');
    const r = await sessctl(['probe', api.url, '--save-har', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`sessctl: cannot write har report to ${file}: no such directory`);
    expect(api.received!.length).toBe(sent);
    const report = await sessctl(['--output', `sarif=${join(dir, 'no-such-dir', 'x.sarif')}`, 'probe', api.url]);
    expect(report.code).toBe(2);
    expect(api.received!.length).toBe(sent);
  });
});

describe('probe --save-har when the target does not answer', () => {
  it('exits 3 and still saves the request that failed, with its error', async () => {
    const port = await freePort();
    const file = join(dir, 'down.har');
    const r = await sessctl(['probe', `http://127.0.0.1:${port}/api/me`, '--save-har', file]);
    expect(r.code).toBe(3);
    const har = JSON.parse(readFileSync(file, 'utf8')) as Har;
    expect(har.log.entries).toHaveLength(1);
    expect(har.log.entries[0]!.response).toMatchObject({
      status: 0,
      _error: `cannot reach http://127.0.0.1:${port}: connection refused`,
    });
  });

  it('--show-secrets without --save-har is refused, and a refused probe leaves no file', async () => {
    const r = await sessctl(['probe', 'http://127.0.0.1:1/', '--show-secrets']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--show-secrets only applies to --save-har/);
    const file = join(dir, 'refused.har');
    const bad = await sessctl(['probe', 'ftp://example.com/', '--save-har', file]);
    expect(bad.code).toBe(2);
    expect(existsSync(file)).toBe(false);
  });
});
