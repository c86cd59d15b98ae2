/**
 * The watch command as a user runs it: the built CLI through a Sentinel, with a password, writing
 * ndjson and serving /metrics, stopped with Ctrl-C (SIGINT). Uses dist/: `npm run build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessctl } from '../harness/cli.js';
import { parsePrometheus, sampleValue } from '../harness/prometheus.js';
import { freePort, requireBinary, startRedis, waitForPort, type RunningServer } from '../harness/servers.js';

const PASSWORD = 'w4tch-s3cret';

describe('sessctl watch (CLI)', () => {
  let primary: RunningServer;
  let sentinel: ChildProcess;
  let sentinelPort: number;
  let dir: string;
  let writer: Redis;

  beforeAll(async () => {
    primary = await startRedis('redis', ['--requirepass', PASSWORD]);
    writer = new Redis(primary.port, '127.0.0.1', { password: PASSWORD });
    sentinelPort = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'sessctl-watch-sentinel-'));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      `port ${sentinelPort}\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 ${primary.port} 1\nsentinel auth-pass mymaster ${PASSWORD}\n`,
    );
    sentinel = spawn(requireBinary('redis-server'), [conf, '--sentinel'], { stdio: 'ignore' });
    await waitForPort(sentinelPort, sentinel, 'redis-server --sentinel');
  });
  afterAll(async () => {
    writer?.disconnect();
    sentinel?.kill('SIGKILL');
    await primary?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams ndjson, serves strict Prometheus text at /metrics, and prints a summary on Ctrl-C', async () => {
    const url = `redis+sentinel://:${PASSWORD}@127.0.0.1:${sentinelPort}/mymaster`;
    const child = spawn(
      process.execPath,
      ['bin/sessctl.js', 'watch', url, '--interval', '500ms', '--format', 'ndjson', '--listen', '127.0.0.1:0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const metricsUrl = new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /serving (http:\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error(`watch exited early: ${stderr}`)));
    });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Sessions written while it watches: express-session's layout, 1-hour TTL.
    let n = 0;
    const timer = setInterval(() => {
      const v = JSON.stringify({ cookie: { originalMaxAge: 3_600_000, httpOnly: true, path: '/' } });
      for (let i = 0; i < 5; i++) void writer.set(`sess:cli${n++}x${'a'.repeat(24)}`, v, 'EX', 3600);
    }, 50);
    const records: Array<Record<string, unknown>> = [];
    try {
      const address = await metricsUrl;
      // Three intervals that saw the sessions being created.
      while (records.filter((r) => r.prefix === 'sess:' && (r.createdPerS as number) > 0).length < 3) {
        const { value, done } = await lines.next();
        if (done) throw new Error(`stdout ended: ${stderr}`);
        records.push(JSON.parse(value) as Record<string, unknown>);
      }
      const res = await fetch(address);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const fams = parsePrometheus(await res.text());
      const labels = { prefix: 'sess:', framework: 'express-session' };
      expect(sampleValue(fams, 'sessctl_sessions', { ...labels, class: 'all' })).toBeGreaterThan(0);
      expect(sampleValue(fams, 'sessctl_sessions_created_total', labels)).toBeGreaterThan(0);
      expect(fams.get('sessctl_sessions_created_total')!.type).toBe('counter');
      expect(sampleValue(fams, 'sessctl_watch_sample_keys')).toBeGreaterThanOrEqual(0);
      expect(sampleValue(fams, 'sessctl_watch_errors_total')).toBe(0);
      expect((await fetch(address.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      clearInterval(timer);
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    const rest: string[] = [];
    for (;;) {
      const { value, done } = await lines.next();
      if (done) break;
      rest.push(value);
    }
    const summary = JSON.parse(rest.at(-1)!) as { summary: { store: string; prefixes: Array<{ prefix: string }> } };
    expect(summary.summary.store).toBe(`redis+sentinel://:***@127.0.0.1:${sentinelPort}/mymaster`);
    expect(summary.summary.prefixes.map((p) => p.prefix)).toContain('sess:');
    for (const r of records)
      expect(Object.keys(r).slice(0, 9)).toEqual([
        't',
        'prefix',
        'framework',
        'sessions',
        'createdPerS',
        'expiredPerS',
        'emptyShare',
        'neverReadShare',
        'sampled',
      ]);
    expect(JSON.stringify(records) + rest.join('\n') + stderr).not.toContain(PASSWORD);
  });

  it('exits 2 with one line on bad input, before touching any store', async () => {
    for (const [args, message] of [
      [['watch', 'redis://127.0.0.1:1', '--listen', 'nonsense'], /--listen nonsense: expected HOST:PORT/],
      [['--format', 'json', 'watch', 'redis://127.0.0.1:1'], /--format json: watch writes text or ndjson/],
      [['watch', 'redis://127.0.0.1:1', '--interval', '10ms'], /--interval must be at least 100ms/],
    ] as const) {
      const r = await sessctl([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('exits 3 when the store is unreachable', async () => {
    const r = await sessctl(['watch', `redis://127.0.0.1:${await freePort()}`, '--format', 'ndjson']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^sessctl: cannot connect/);
  });
});
