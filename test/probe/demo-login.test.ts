import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORIGIN } from '../../src/demo/demo-routes.js';
import { startDemo, type RunningDemo } from '../../src/demo/start-demo.js';
import { probe } from '../../src/probe/run-probe.js';
import { renderProbeText } from '../../src/report/probe-text.js';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo?.close();
});

const PERSIST = ['SESS-COOKIE-PERSIST', 'SESS-HEADER-PERSIST', 'SESS-BODY-PERSIST'];

describe('issue 20: the sessctl demo app, which makes sessions only at login', () => {
  it('without --login: says loudly that persistence could not be judged and suggests the login its 401 names', async () => {
    const report = await probe(
      { url: `${demo.sessctl.url}/api/me`, origin: DEMO_ORIGIN },
      new AbortController().signal,
    );
    expect(report.model.sessionsFrom).toBe('none');
    for (const id of PERSIST) expect(report.checks.find((c) => c.id === id)?.status).toBe('unknown');
    expect(report.hints).toEqual([
      expect.stringContaining(`try --login 'POST /api/login {"user":"…","password":"…"}'`),
    ]);
    const text = renderProbeText(report, { color: false, width: 80 });
    expect(text).toMatch(/! no persistence check could run: cookie, header and body are all unknown/);
    expect(text).toMatch(/→ GET \/api\/me answered 401 naming POST \/api\/login/);
  });

  it('with the demo\'s own hint, --login \'POST /api/login {"user":"demo"}\': every persistence check is judged and nothing is found', async () => {
    // Both logins are the same user, so the body cannot tell the two sessions apart; the logged-in
    // answer against the anonymous 401 still shows whether the session came back.
    const report = await probe(
      { url: `${demo.sessctl.url}/api/me`, origin: DEMO_ORIGIN, login: 'POST /api/login {"user":"demo"}' },
      new AbortController().signal,
    );
    expect(report.model).toMatchObject({
      sessionsFrom: 'login',
      cookie: 'persists',
      headerToken: 'persists',
      bodyToken: 'persists',
      stateFrom: 'body',
    });
    for (const id of PERSIST) expect(report.checks.find((c) => c.id === id)?.status).toBe('pass');
    // the demo regenerates the id at login, as sessctl/middleware asks apps to
    expect(report.checks.find((c) => c.id === 'SESS-FIXATION')?.status).toBe('pass');
    expect(report.findings).toEqual([]);
    expect(report.hints).toEqual([]);
  });
});
