/**
 * The second seed's app for real (test/probe/targets/flask_token_app.py: Flask, a custom session
 * interface, pylibmc on memcached): its `session_<uuid>` and `session_<md5(token)>` keys holding
 * `{"identifier": …}` must be sessions in every output, with and without --layout, on memcached
 * and, with the same bytes, on Redis.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scan } from '../../src/scan/scan.js';
import type { ScanRecord, ScanReport } from '../../src/scan/types.js';
import { sessctl } from '../harness/cli.js';
import { startMemcached, type RunningServer } from '../harness/servers.js';
import { memcachedGet } from '../interop/non-node.js';
import { startFlaskTokenTarget, type Target } from '../probe/targets/index.js';

const servers = inject('servers');
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const TOKENS = ['pretend_token', 'another-token', 'third token'];

let mc: RunningServer;
let app: Target;
/** Every key the app wrote, derived from what the client saw and sent, never from a scan. */
const written = new Set<string>();
const dir = mkdtempSync(join(tmpdir(), 'sessctl-custom-layer-'));

beforeAll(async () => {
  mc = await startMemcached();
  app = await startFlaskTokenTarget(`127.0.0.1:${mc.port}`, 60);
  const cookieOf = (r: Response) =>
    /^session=([^;]+)/.exec(r.headers.getSetCookie().find((c) => c.startsWith('session=')) ?? '')?.[1];
  // cookie sessions from plain visits and from preflights (the app mints for OPTIONS too)
  for (let i = 0; i < 12; i++) {
    const r = await fetch(
      app.url,
      i % 3 === 0
        ? {
            method: 'OPTIONS',
            headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'POST' },
          }
        : {},
    );
    await r.arrayBuffer();
    const id = cookieOf(r);
    expect(id, 'the app sets a session cookie for a request without credentials').toMatch(/^[0-9a-f-]{36}$/);
    written.add(`session_${id}`);
  }
  // token sessions: a JSON body token, then the same token in the header (one session each)
  for (const t of TOKENS) {
    const post = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: t }),
    });
    const get = await fetch(app.url, { headers: { 'X-Auth-Token': t } });
    expect(await get.text()).toBe(await post.text());
    written.add(`session_${md5(t)}`);
  }
  expect(written.size).toBe(15);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await mc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sessionPrefix = (r: ScanReport, prefix = 'session_') => r.prefixes.find((p) => p.prefix === prefix);

describe("the second seed's Flask app on memcached (real pylibmc bytes)", () => {
  it('without flags: every key is a session of a detected custom layer, anonymous, orphans unprovable', async () => {
    const records: ScanRecord[] = [];
    const report = await scan(mc.url, { showKeys: true, onRecord: (r) => records.push(r) });
    expect(report.totals).toMatchObject({ keys: 15, sessions: 15 });
    expect(sessionPrefix(report)).toMatchObject({
      framework: 'generic',
      format: 'json',
      count: 15,
      sessions: 15,
      classes: { anonymous: { count: 15 } },
      orphanEvidence: 'unprovable',
      layout: { source: 'detected', templates: ['session_{id}'], confidence: 'medium' },
    });
    expect(new Set(records.map((r) => r.key))).toEqual(written);
    expect(records.every((r) => r.framework === 'generic' && r.classes.includes('anonymous'))).toBe(true);
  });

  it("with --layout 'session_{id}', and with the probe's storeKeys, the same keys are declared sessions", async () => {
    for (const layouts of [['session_{id}'], ['session_{id}', 'session_{md5(token)}']]) {
      const r = await sessctl(['scan', mc.url, ...layouts.flatMap((l) => ['--layout', l]), '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as ScanReport;
      expect(sessionPrefix(report)).toMatchObject({
        framework: 'generic',
        sessions: 15,
        layout: { source: 'declared', confidence: 'high' },
      });
      expect(sessionPrefix(report)!.layout!.templates.sort()).toEqual(
        layouts.length === 1 ? ['session_{id}'] : ['session_{id}', 'session_{md5(token)}'],
      );
    }
    // --match alone names the keyspace for clean; detection still recognises the layer
    const matched = JSON.parse(
      (await sessctl(['scan', mc.url, '--match', 'session_*', '--format', 'json'])).stdout,
    ) as ScanReport;
    expect(sessionPrefix(matched)).toMatchObject({ framework: 'generic', sessions: 15 });
  });

  it('ndjson records, the JSON summary and the table of one run agree about every key', async () => {
    const nd = join(dir, 'keys.ndjson');
    const js = join(dir, 'report.json');
    const r = await sessctl([
      '--format',
      'table',
      '--output',
      `ndjson=${nd}`,
      '--output',
      `json=${js}`,
      'scan',
      mc.url,
      '--show-keys',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(nd, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = (lines.pop() as { summary: ScanReport }).summary;
    const records = lines as unknown as ScanRecord[];
    const report = JSON.parse(readFileSync(js, 'utf8')) as ScanReport;
    expect(summary.prefixes).toEqual(report.prefixes);

    const sessions = records.filter((x) => x.framework !== 'unknown');
    expect(new Set(sessions.map((x) => x.key))).toEqual(written);
    const p = sessionPrefix(report)!;
    expect(p.sessions).toBe(sessions.filter((x) => x.prefix === 'session_').length);
    for (const [cls, cc] of Object.entries(p.classes))
      expect(sessions.filter((x) => x.classes.includes(cls as never)).length, cls).toBe(cc.count);
    expect(report.totals.sessions).toBe(sessions.length);

    // the table: the prefix has its own block with the same count, and is not among "other keys"
    expect(r.stdout).toMatch(new RegExp(`^session_ {2}generic \\(json\\) · ${p.sessions} sessions`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^ {2}anonymous +${p.classes.anonymous!.count} +100%`, 'm'));
    expect(r.stdout).not.toContain('other keys (not sessions)');
    expect(r.stdout).not.toMatch(/verdict healthy/);
    expect(r.stdout.replace(/\n +/g, ' ')).toMatch(
      /verdict 100% hold anonymous data .*cannot be told.*sessctl probe <app-url> --store memcached:\/\/127\.0\.0\.1:\d+.*--stale/,
    );
  });

  it('inspect reads one key as the scan does with --layout, and names its layout', async () => {
    const key = [...written][0]!;
    const r = await sessctl(['inspect', mc.url, key, '--layout', 'session_{id}', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      framework: 'generic',
      anonymous: true,
      classes: ['anonymous'],
      evidence: { layout: { source: 'declared', template: 'session_{id}' } },
    });
  });

  it('inspect without --layout says which layout to declare, since one key cannot make a detection', async () => {
    const key = [...written][0]!;
    const json = await sessctl(['inspect', mc.url, key, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ framework: 'unknown', layoutHint: 'session_{id}' });
    const text = await sessctl(['inspect', mc.url, key]);
    expect(text.stdout.replace(/\n +/g, ' ')).toContain("read it as one with --layout 'session_{id}'");
    expect(text.stdout).toMatch(/(^| )--layout 'session_\{id\}'$/m);
  });

  it('the same bytes on Redis: detected without flags, declared with --layout', async () => {
    const redis = new Redis(servers.redis.port, '127.0.0.1');
    const stem = `it${process.pid}_session_`;
    try {
      for (const key of written) {
        const got = await memcachedGet(mc.host, mc.port, key);
        expect(got, key).toBeDefined();
        await redis.set(`${stem}${key.slice('session_'.length)}`, got!.value, 'EX', 60);
      }
      const match = ['--match', `${stem}*`];
      const bare = JSON.parse(
        (await sessctl(['scan', servers.redis.url, ...match, '--format', 'json'])).stdout,
      ) as ScanReport;
      expect(sessionPrefix(bare, stem)).toMatchObject({
        framework: 'generic',
        sessions: 15,
        classes: { anonymous: { count: 15 } },
        orphanEvidence: 'unprovable',
        layout: { source: 'detected' },
      });
      const declared = JSON.parse(
        (await sessctl(['scan', servers.redis.url, ...match, '--layout', `${stem}{id}`, '--format', 'json'])).stdout,
      ) as ScanReport;
      expect(sessionPrefix(declared, stem)).toMatchObject({
        framework: 'generic',
        sessions: 15,
        layout: { source: 'declared' },
      });
    } finally {
      const keys = await redis.keys(`${stem}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });
});

describe('--layout on the command line', () => {
  it('a bad template or a stray --layout-user is exit 2 with one line, before the store is asked', async () => {
    const bad = await sessctl(['scan', 'redis://127.0.0.1:1', '--layout', 'session_']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--layout: layout "session_" must hold exactly one placeholder/);
    const stray = await sessctl(['clean', 'redis://127.0.0.1:1', '--layout-user', 'user_id']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--layout-user needs --layout/);
    const unknown = await sessctl(['inspect', 'redis://127.0.0.1:1', 'k', '--layout', 'session_{uuid}']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown placeholder \{uuid\}/);
  });
});
