import { PassThrough, Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { sessctl } from '../harness/cli.js';

describe('sessctl demo', () => {
  it('runs on embedded defaults and names both verdicts', async () => {
    const r = await sessctl(['demo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // the verdicts wrap at 80 columns (piped: no terminal width), so read them as paragraphs
    const paragraphs = r.stdout.replace(/\n {11}/g, ' ').split('\n');
    const naive = paragraphs.find((l) => l.trim().startsWith('naive:'));
    const ours = paragraphs.find((l) => l.trim().startsWith('sessctl:'));
    expect(naive).toMatch(/SESS-PREFLIGHT-MINT .*\d+ of \d+ sessions \(\d+%\) are orphans/);
    // both columns and every line fit 80 columns (issue 20 §6)
    expect(r.stdout.split('\n').filter((l) => l.length > 80)).toEqual([]);
    expect(ours).toMatch(/0 orphans, no findings/);
    expect(r.stdout.split('\n').filter((l) => l.endsWith(' '))).toEqual([]);
  });

  it('--format json carries the figures the verdict rests on', async () => {
    const r = await sessctl(['demo', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.schema).toBe('sessctl-demo/1');
    expect(report.store).toBe('embedded');
    const { naive, sessctl: ours } = report.apps;
    // The naive app minted a session on every preflight, and the browser threw each cookie away.
    expect(naive.traffic.preflightCookies).toBe(naive.traffic.preflights);
    expect(ours.traffic.preflightCookies).toBe(0);
    expect(naive.summary.preflightKeys).toBe(1);
    expect(ours.summary.preflightKeys).toBe(0);
    expect(naive.summary.findings.map((f: { id: string }) => f.id)).toContain('SESS-PREFLIGHT-MINT');
    expect(ours.summary.findings).toEqual([]);
    // 8 preflights, 8 health checks and 8 anonymous visits each left an empty session behind.
    expect(naive.summary.empty).toBeGreaterThanOrEqual(24);
    expect(naive.summary.orphans).toBeGreaterThanOrEqual(24);
    expect(naive.scan.prefixes[0].framework).toBe('express-session');
    // sessctl stored one session per login, and every one was read again.
    expect(ours.summary).toMatchObject({ sessions: 8, live: 8, empty: 0, neverRead: 0, orphans: 0 });
    expect(ours.scan.prefixes[0].framework).toBe('sessctl');
  });

  it('--serve prints one line per app and keeps both running until the signal', async () => {
    const stdout = new PassThrough();
    let out = '';
    const twoLines = new Promise<void>((resolve) =>
      stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.split('\n').length > 2) resolve();
      }),
    );
    const controller = new AbortController();
    // runCli directly (as test/harness/cli.ts does) because the output must be read while it runs.
    const done = runCli(['demo', '--serve'], {
      stdout,
      stderr: new PassThrough(),
      stdin: Readable.from(['']),
      env: { NO_COLOR: '1' },
      signal: controller.signal,
    });
    await twoLines;
    expect(out).toMatch(/^naive http:\/\/127\.0\.0\.1:\d+\nsessctl http:\/\/127\.0\.0\.1:\d+\n$/);
    const urls = Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => l.split(' ') as [string, string]),
    );

    const preflight = (base: string) =>
      request(`${base}/api/login`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      });
    const [a, b] = await Promise.all([preflight(urls.naive!), preflight(urls.sessctl!)]);
    await Promise.all([a.body.dump(), b.body.dump()]);
    expect(a.statusCode).toBe(204);
    expect(a.headers['set-cookie']).toMatch(/^connect\.sid=/);
    expect(b.statusCode).toBe(204);
    expect(b.headers['set-cookie']).toBeUndefined();

    controller.abort();
    expect(await done).toBe(0);
    await expect(request(`${urls.naive}/health`)).rejects.toThrow(/ECONNREFUSED|connect/);
  });

  it('--serve --store: the scan it suggests on stderr finds the session a preflight left', async () => {
    const { redis } = inject('servers');
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const hinted = new Promise<void>((resolve) =>
      stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('sessctl watch ')) resolve();
      }),
    );
    const controller = new AbortController();
    const done = runCli(['demo', '--serve', '--store', redis.url], {
      stdout,
      stderr,
      stdin: Readable.from(['']),
      env: { NO_COLOR: '1' },
      signal: controller.signal,
    });
    await hinted;
    const naive = /^naive (\S+)$/m.exec(out)![1]!;
    const pre = await request(`${naive}/api/login`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    await pre.body.dump();
    const hint = err
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('sessctl scan '))!;
    expect(hint).toMatch(/^sessctl scan redis:\/\/\S+ --match 'sessctl-demo:[0-9a-f]{6}:\*' --min-age 0s$/);
    // The live view beside it, on the same keys.
    const watchHint = err
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('sessctl watch '));
    expect(watchHint).toBe(
      hint.replace(/^sessctl scan (\S+ --match '[^']+') --min-age 0s$/, 'sessctl watch $1 --interval 1s'),
    );
    const args = [...hint.slice('sessctl '.length).matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    const scan = JSON.parse((await sessctl([...args, '--format', 'json'])).stdout);
    expect(scan.totals.orphans.count).toBe(1);
    controller.abort();
    expect(await done).toBe(0);
    const client = new Redis(redis.port, redis.host);
    const keys = await client.keys(args[args.indexOf('--match') + 1]!);
    if (keys.length) await client.del(...keys);
    client.disconnect();
  });

  it('--store puts both apps on a real Redis under a run-scoped prefix', async () => {
    const { redis } = inject('servers');
    const r = await sessctl(['demo', '--store', redis.url, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.store).toBe(redis.url);
    const { naive, sessctl: ours } = report.apps;
    expect(naive.summary.findings.map((f: { id: string }) => f.id)).toContain('SESS-PREFLIGHT-MINT');
    expect(naive.summary.empty).toBeGreaterThanOrEqual(24);
    expect(ours.summary).toMatchObject({ sessions: 8, empty: 0, orphans: 0 });
    expect(ours.summary.findings).toEqual([]);

    const client = new Redis(redis.port, redis.host);
    try {
      const match = naive.scan.options.match as string;
      expect(match).toMatch(/^sessctl-demo:[0-9a-f]{6}:naive:sess:\*$/);
      const keys = await client.keys(match);
      expect(keys.length).toBe(naive.summary.sessions);
      // Demo keys go away by themselves.
      const ttl = await client.pttl(keys[0]!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(600_000);
      const all = [...keys, ...(await client.keys(ours.scan.options.match as string))];
      await client.del(...all);
    } finally {
      client.disconnect();
    }
  });

  it('after a --store run, the scan it suggests finds the orphans the run left', async () => {
    const { redis } = inject('servers');
    const r = await sessctl(['demo', '--store', redis.url]);
    expect(r.code).toBe(0);
    const hint = r.stdout
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('sessctl scan '));
    expect(hint).toMatch(/^sessctl scan redis:\/\/\S+ --match 'sessctl-demo:[0-9a-f]{6}:\*' --min-age 0s$/);
    const args = [...hint!.slice('sessctl '.length).matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    const scan = await sessctl([...args, '--format', 'json']);
    const report = JSON.parse(scan.stdout);
    // the naive app's empty sessions, and nothing of other runs or other tests
    expect(report.prefixes.map((p: { prefix: string }) => p.prefix).sort()).toEqual([
      expect.stringMatching(/^sessctl-demo:[0-9a-f]{6}:naive:sess:$/),
      expect.stringMatching(/^sessctl-demo:[0-9a-f]{6}:sessctl:$/),
    ]);
    expect(report.totals.orphans.count).toBeGreaterThanOrEqual(24);
    expect(scan.code).toBe(1);
  });

  it('exits 3 when the --store cannot be reached', async () => {
    const r = await sessctl(['demo', '--store', 'redis://127.0.0.1:1']);
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toMatch(
      /^sessctl: cannot reach the demo store redis:\/\/127\.0\.0\.1:1: .*connection refused$/,
    );
  });

  it("names an unreachable memcached or cluster --store in plain words, not the client library's", async () => {
    for (const url of ['memcached://127.0.0.1:1', 'redis+cluster://127.0.0.1:1']) {
      const r = await sessctl(['demo', '--store', url]);
      expect(r.code).toBe(3);
      const first = r.stderr.split('\n')[0]!;
      expect(first.startsWith(`sessctl: cannot reach the demo store ${url}: `)).toBe(true);
      expect(first).not.toMatch(/No servers available|None of startup nodes|maxRetriesPerRequest/);
    }
  });

  it('exits 3 when interrupted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted by SIGINT')), 300);
    const r = await sessctl(['demo'], { signal: controller.signal });
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe('sessctl: the demo was interrupted');
  });
});
