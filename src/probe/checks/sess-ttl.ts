import { setTimeout as sleep } from 'node:timers/promises';
import { defineCheck, fail, pass, skip, unknown } from '../define-check.js';
import { judge } from '../learn-model.js';
import type { ProbeContext } from '../context.js';

/**
 * Waits out --ttl after the last request (sliding or absolute expiry both have run out by then) and
 * replays the session (WSTG-SESS-07). Slack covers memcached's one-second clock; a session still
 * alive after that gets one more look a second later before it counts as a finding.
 */
export default defineCheck({
  id: 'SESS-TTL',
  async run(ctx) {
    const ttl = ctx.options.ttlMs;
    if (ttl === undefined) return skip('pass --ttl DURATION to check that sessions expire');
    const a = ctx.learned.a;
    const creds = ctx.model.cookie === 'persists' ? { cookie: a?.cookie } : ctx.model.headerToken === 'persists' ? { headerToken: a?.token } : undefined;
    if (!a || !creds) return unknown('no persisting session to wait out');
    const slack = 250 + Math.round(ttl * 0.05);
    await wait(ctx, ctx.lastRequestEnd + ttl + slack - Date.now());
    let ex = await ctx.sendState('after-ttl', creds);
    let v = judge(ctx, ex, a, creds.cookie);
    if (v.verdict === 'same') {
      await wait(ctx, Math.max(1000, ttl * 0.1));
      ex = await ctx.sendState('after-ttl-retry', creds);
      v = judge(ctx, ex, a, creds.cookie);
    }
    const s = (ttl / 1000).toString();
    if (v.verdict === 'other') {
      ctx.model.ttlS = ttl / 1000;
      return pass(`the session was gone ${s}s after its last use: ${v.why}`);
    }
    if (v.verdict === 'unknown') return unknown(v.why);
    return fail({ ex, message: `the session still answered more than ${s}s after its last use (${v.why})` });
  },
});

async function wait(ctx: ProbeContext, ms: number): Promise<void> {
  if (ms <= 0) return;
  await (ctx.options.sleep ?? ((t, signal) => sleep(t, undefined, { signal })))(ms, ctx.signal);
}
