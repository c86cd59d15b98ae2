/**
 * `sessctl probe` against an app that uses sessctl/middleware: no finding at `low` or above, and the
 * store counts the probe takes show that its preflights and anonymous requests created no key.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { session } from '../../src/middleware/adapters/express.js';
import { memoryStore } from '../../src/middleware/index.js';
import { probe } from '../../src/probe/run-probe.js';
import type { ProbeReport } from '../../src/probe/types.js';
import { memoryKv } from '../../src/stores/memory/memory-kv.js';

const STORE = `mwprobe${process.pid}`;
let server: ReturnType<ReturnType<typeof express>['listen']>;
let report: ProbeReport;

beforeAll(async () => {
  const app = express();
  app.use(session({ store: memoryStore({ name: STORE }), ttl: '2s', touchAfter: 0, secret: 's'.repeat(40) }));
  // A state endpoint: the first visit gives the client a session with a nonce that later visits show.
  app.all('/', (req, res) => {
    if (req.method === 'OPTIONS') return void res.status(204).end();
    req.session.data.nonce ??= randomBytes(8).toString('hex');
    res.json({ nonce: req.session.data.nonce, token: req.session.token });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  report = await probe(
    { url, store: `memory://${STORE}`, ttlMs: 2000, expect: ['cookie', 'header', 'body'] },
    new AbortController().signal,
  );
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  memoryKv(STORE).clear();
});

describe('probe against sessctl/middleware', () => {
  it('reports no finding at low or above', () => {
    expect(report.complete).toBe(true);
    const serious = report.findings.filter((f) => f.severity !== 'info');
    expect(serious.map((f) => `${f.id} ${f.severity}: ${f.message}`)).toEqual([]);
  });

  it('learns cookie and token sessions with the cookie winning', () => {
    expect(report.model).toMatchObject({
      cookie: 'persists',
      headerToken: 'persists',
      bodyToken: 'persists',
      precedence: 'cookie',
    });
    // the middleware hands out the token with the session (the JSON answer here): issued, and it is what persists
    expect(report.model.tokenKind).toBe('issued');
    expect(report.steps.some((s) => s.step.startsWith('token-'))).toBe(false);
  });

  it('counts no key created by preflights', () => {
    expect(report.store?.keysCreated.preflight ?? 0).toBe(0);
  });
});
