import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import { sessctl } from '../harness/cli.js';

/** A deliberately hostile target: hangs, floods, redirects away, mints a session per request. */
let server: Server;
let elsewhere: Server;
let base = '';
let elsewhereHits = 0;
let bigFinished = false;
let bigAborted: Promise<void>;

function listen(s: Server): Promise<number> {
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)));
}

beforeAll(async () => {
  elsewhere = createServer((_req, res) => {
    elsewhereHits++;
    res.end('other origin');
  });
  const otherPort = await listen(elsewhere);
  let signalAbort: () => void;
  bigAborted = new Promise((r) => (signalAbort = r));
  let n = 0;
  server = createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/big') {
      res.on('close', () => !bigFinished && signalAbort());
      res.on('finish', () => (bigFinished = true));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent >= 200) res.end();
        else res.once('drain', pump);
      };
      pump();
      return;
    }
    if (req.url === '/away') {
      res.writeHead(302, { location: `http://127.0.0.1:${otherPort}/` }).end();
      return;
    }
    res.setHeader('set-cookie', `sid=${(++n).toString(16).padStart(32, 'a')}; Path=/; HttpOnly`);
    res.end('ok');
  });
  base = `http://127.0.0.1:${await listen(server)}`;
});
afterAll(async () => {
  server.closeAllConnections();
  elsewhere.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => elsewhere.close(r))]);
});

describe('probe safety limits', () => {
  it('times out a target that never answers: exit 3, one line', async () => {
    const r = await sessctl(['probe', `${base}/hang`, '--timeout', '300ms']);
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toMatch(/^sessctl: http:\/\/127\.0\.0\.1:\d+ did not answer GET within 300 ms/);
  });

  it('stops reading a body at --max-body and closes the connection', async () => {
    const report = await probe(
      { url: `${base}/big`, maxBodyBytes: 64 * 1024, maxRequests: 3 },
      new AbortController().signal,
    );
    await bigAborted;
    expect(bigFinished).toBe(false);
    expect(report.steps[0]).toMatchObject({ step: 'anon-1', status: 200 });
  });

  it('never follows a redirect to another origin', async () => {
    const report = await probe({ url: `${base}/away` }, new AbortController().signal);
    expect(report.steps.every((s) => s.status === 302)).toBe(true);
    expect(report.steps.every((s) => s.url.startsWith(base))).toBe(true);
    expect(elsewhereHits).toBe(0);
  });

  it('keeps to --max-requests: partial report with complete false and exit 3', async () => {
    const r = await sessctl(['probe', `${base}/ok`, '--max-requests', '3', '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.complete).toBe(false);
    expect(report.requests).toBe(3);
    expect(report.errors[0]).toMatch(/request budget of 3/);
    // findings made before the budget ran out still count, but incompleteness outranks them
    expect(report.checks.every((c: { status: string }) => c.status === 'error')).toBe(true);
  });

  it('flags session ids generated from a counter as weak', async () => {
    const report = await probe({ url: `${base}/ok` }, new AbortController().signal);
    const f = report.findings.find((x) => x.id === 'SESS-ENTROPY');
    expect(f?.severity).toBe('high');
    expect(f?.message).toMatch(/only [12] of 32 positions vary/);
  });
});
