import { setTimeout as sleep } from 'node:timers/promises';
import { defineCheck, fail, pass, skip, unknown } from '../define-check.js';
import type { Exchange } from '../http-client.js';
import { judge, rejected, type Verdict } from '../learn-model.js';
import type { ProbeClient } from '../probe-client.js';

/**
 * Waits out --ttl after the last request (sliding or absolute expiry both have run out by then) and
 * replays the session (WSTG-SESS-07). Slack covers memcached's one-second clock; a session still
 * alive after that gets one more look a second later before it counts as a finding.
 */
export default defineCheck({
  id: 'SESS-TTL',
  async run(learned, client) {
    const ttl = client.options.ttlMs;
    if (ttl === undefined) return skip('pass --ttl DURATION to check that sessions expire');
    const a = learned.a;
    const token = learned.token;
    const byCookie = learned.model.cookie === 'persists' && a?.cookie !== undefined;
    const held = !a
      ? undefined
      : byCookie
        ? a
        : learned.model.headerToken === 'persists' && token
          ? { ...a, token: token.value, state: token.state }
          : undefined;
    if (!held) return unknown('no persisting session to wait out');
    const creds = byCookie ? { cookie: held.cookie } : { headerToken: held.token };
    const slack = 250 + Math.round(ttl * 0.05);
    await wait(client, client.lastRequestEnd + ttl + slack - Date.now());
    const look = (ex: Exchange): Verdict =>
      rejected(ex, held)
        ? { verdict: 'other', why: `the server answered ${ex.response.status}` }
        : judge(learned, client, ex, held, creds.cookie);
    let ex = await client.sendState('after-ttl', creds);
    let v = look(ex);
    if (v.verdict === 'same') {
      await wait(client, Math.max(1000, ttl * 0.1));
      ex = await client.sendState('after-ttl-retry', creds);
      v = look(ex);
    }
    const s = (ttl / 1000).toString();
    if (v.verdict === 'other') {
      return pass(`the session was gone ${s}s after its last use: ${v.why}`, { ttlS: ttl / 1000 });
    }
    if (v.verdict === 'unknown') return unknown(v.why);
    return fail({ ex, message: `the session still answered more than ${s}s after its last use (${v.why})` });
  },
});

async function wait(client: ProbeClient, ms: number): Promise<void> {
  if (ms <= 0) return;
  await (client.options.sleep ?? ((t, signal) => sleep(t, undefined, { signal })))(ms, client.signal);
}
