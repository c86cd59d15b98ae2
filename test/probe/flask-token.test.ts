/**
 * The second seed's real app (targets/flask_token_app.py): cookie sessions under `session_<id>` and
 * client-chosen token sessions under `session_` + md5(token), in one memcached of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import type { ProbeRequestLog } from '../../src/probe/options.js';
import type { ProbeReport } from '../../src/probe/types.js';
import { renderProbeText } from '../../src/report/probe-text.js';
import { sessctl } from '../harness/cli.js';
import { startMemcached, type RunningServer } from '../harness/servers.js';
import { startFlaskTokenTarget, type Target } from './targets/index.js';

let mc: RunningServer;
let target: Target;
let report: ProbeReport;
let sent: ProbeRequestLog;
const status = (id: string) => report.checks.find((c) => c.id === id);
const findings = (id: string) => report.findings.filter((f) => f.id === id);

beforeAll(async () => {
  mc = await startMemcached();
  target = await startFlaskTokenTarget(`127.0.0.1:${mc.port}`);
  report = await probe(
    { url: target.url, store: mc.url, onRequests: (log) => (sent = log) },
    new AbortController().signal,
  );
});
afterAll(async () => {
  await target?.close();
  await mc?.stop();
});

describe("probe against the seed's Flask app (client-chosen tokens)", () => {
  it('learns cookie, header and body token sessions, client-chosen tokens, the cookie winning', () => {
    expect(report.complete).toBe(true);
    expect(report.model).toMatchObject({
      sessionCookie: 'session',
      cookie: 'persists',
      headerToken: 'persists',
      bodyToken: 'persists',
      precedence: 'cookie',
      tokenKind: 'client-chosen',
      stateFrom: 'body',
      anonymousMints: true,
    });
    expect(status('SESS-HEADER-PERSIST')).toMatchObject({
      status: 'pass',
      reason: expect.stringMatching(/a token the probe chose.*another token another state/),
    });
    expect(status('SESS-BODY-PERSIST')).toMatchObject({ status: 'pass', reason: expect.stringMatching(/share it/) });
    expect(findings('SESS-PRECEDENCE')).toHaveLength(1);
  });

  it("compares the same made-up token's answers with each other, never with the cookie session", () => {
    const steps = report.steps.map((s) => s.step);
    expect(steps.slice(0, 9)).toEqual([
      'anon-1',
      'anon-2',
      'cookie',
      'header',
      'body',
      'token-1',
      'token-2',
      'token-other',
      'token-body',
    ]);
    // the cookie's id as a token is md5-hashed into a new session: not the cookie's session
    expect(report.store?.keysCreated.header).toBe(1);
    expect(report.store?.keysCreated['token-1']).toBe(1);
    expect(report.store?.keysCreated['token-2']).toBe(0);
    expect(report.store?.keysCreated['token-body']).toBe(0);
  });

  it('token clients get no Set-Cookie', () => {
    expect(status('SESS-API-NO-COOKIE')).toMatchObject({ status: 'pass' });
  });

  it('relates the store keys to what the client sent: the id for the cookie, md5 of the token', async () => {
    expect(report.store?.prefix).toBe('session_');
    expect(report.model.storeKeys).toEqual({
      cookie: 'session_{id}',
      headerToken: 'session_{md5(token)}',
      bodyToken: 'session_{md5(token)}',
    });
    const text = renderProbeText(report, { color: false });
    expect(text).toMatch(/^ {2}header token {6}session_\{md5\(token\)\}$/m);
    // at 80 columns the note wraps under the value column
    expect(text).toMatch(
      /^ {2}token kind {6}client-chosen {2}\(any token the client sends gets its own\n {18}session\)$/m,
    );
    expect(text).toContain(`sessctl scan ${mc.url} --layout 'session_{id}'`);
    expect(text).toContain(`sessctl scan ${mc.url} --match 'session_*'`);
  });

  it('the scan command it prints counts every key the probe created as a session', async () => {
    const text = renderProbeText(report, { color: false });
    const [, store, layout] = /sessctl scan (\S+) --layout '([^']+)'/.exec(text)!;
    const r = await sessctl(['scan', store!, '--layout', layout!, '--format', 'json']);
    const created = Object.values(report.store!.keysCreated).reduce((a, b) => a + b, 0);
    const prefixes = (JSON.parse(r.stdout) as { prefixes: Array<{ prefix: string; sessions: number }> }).prefixes;
    expect(prefixes.find((p) => p.prefix === 'session_')?.sessions).toBe(created);
  });

  it('reports fixation (an unknown cookie id is adopted) and the preflight minting a stored session', () => {
    expect(findings('SESS-FIXATION').map((f) => f.message)).toEqual([
      expect.stringMatching(/forged session and sent it back in Set-Cookie/),
    ]);
    expect(findings('SESS-PREFLIGHT-MINT')).toHaveLength(1);
    expect(report.store?.keysCreated.preflight).toBe(1);
  });

  it('redacts every token it made up, in the JSON and the text report, and stays within its budget', () => {
    const tokens = new Set<string>();
    for (const x of sent.sent) {
      const header = x.request.headers['x-auth-token'];
      if (header) tokens.add(header);
      if (x.request.body) tokens.add((JSON.parse(x.request.body) as { token: string }).token);
    }
    // the cookie's id, and the made-up tokens: two in the header, the first also in the body
    expect(tokens.size).toBe(3);
    const outputs = [JSON.stringify(report), renderProbeText(report, { color: false })];
    for (const t of tokens) for (const out of outputs) expect(out).not.toContain(t);
    expect(report.requests).toBe(report.steps.length);
    // 10 for the model (4 of them the made-up token experiment), 8 for the checks
    expect(report.requests).toBe(18);
  });
});
