import { SessctlError } from '../errors.js';
import { WATCH_SPEC } from '../options/watch.js';
import { openStore } from '../stores/from-url.js';
import { pacer, sleep } from '../stores/pace.js';
import type { Store } from '../stores/types.js';
import type { NodeCounters } from '../stores/counters.js';
import { counterDelta } from './counter-delta.js';
import { Observer } from './observe.js';
import { SampleWindow } from './sample-window.js';
import type { WatchOptions, WatchStoreFacts, WatchTick } from './types.js';

export const DEFAULT_INTERVAL_MS = WATCH_SPEC.intervalMs.default;
/**
 * Keys per second the sample reads by default: about 3 commands a key, so ~600 cheap commands a
 * second (PTTL, OBJECT IDLETIME, MGET or MEMORY USAGE, SCAN), well under 1 % of one Redis core.
 */
export const DEFAULT_SAMPLE_RATE = WATCH_SPEC.rate.default;

export type WatchEvent = { type: 'start'; facts: WatchStoreFacts } | { type: 'tick'; tick: WatchTick };

/**
 * `sessctl watch`: per-prefix creation and expiry rates, live. Each interval it reads the store's
 * O(1) counters (INFO keyspace/stats, memcached stats) for how many keys were created and expired,
 * and a paced sample of keys (PTTL and idle time, payloads only under NO-TOUCH) for whose they were.
 * It changes no server setting and resets no idle time. Ends when the signal aborts.
 *
 * @example
 * for await (const e of watch('redis://localhost:6379', { intervalMs: 1000, signal }))
 *   if (e.type === 'tick') for (const p of e.tick.prefixes) console.log(p.prefix, p.createdPerS);
 */
export async function* watch(url: string, options: WatchOptions = {}): AsyncGenerator<WatchEvent> {
  const store = await openStore(url, { signal: options.signal });
  try {
    yield* watchStore(store, options);
  } finally {
    await store.close();
  }
}

/** watch() on an open store (the caller closes it). */
export async function* watchStore(store: Store, options: WatchOptions = {}): AsyncGenerator<WatchEvent> {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  if (!(intervalMs >= 100)) throw new SessctlError('SESSCTL_USAGE', `--interval must be at least 100ms`);
  const rate = options.rate ?? DEFAULT_SAMPLE_RATE;
  const newestS = options.newestS ?? Math.max(30, (6 * intervalMs) / 1000);
  const outer = options.signal;
  if (!store.counters)
    throw new SessctlError(
      'SESSCTL_STORE_UNSUPPORTED',
      `${store.redactedUrl} does not change: watch needs a live store`,
      {
        hint: 'point sessctl watch at the server: redis://, redis+cluster://, redis+sentinel:// or memcached://',
      },
    );
  const counters = store.counters();
  const info = await store.info(outer);
  const payloads = store.capabilities.noTouch;
  const idleUsable = info.idleTrust.usable && store.capabilities.idleTime;
  const observer = new Observer(
    newestS,
    intervalMs / 1000,
    store.kind === 'memcached' ? 'memcached' : store.kind === 'memory' ? 'memory' : 'redis',
    idleUsable,
  );
  const window = new SampleWindow(Math.max(1, Math.ceil((newestS * 1000) / intervalMs)));
  // The scan's NO-TOUCH caveat speaks of its payload reads and --no-values; the watch has its own.
  const caveats = info.idleTrust.reasons.filter((r) => !r.includes('CLIENT NO-TOUCH'));
  if (!payloads)
    caveats.push('payloads are not read (no NO-TOUCH on this server), so the share of empty sessions is unknown');
  if (store.kind === 'redis' || store.kind === 'redis-cluster' || store.kind === 'redis-sentinel')
    caveats.push('Redis counts DEL calls, not deleted keys: a key deleted within an interval hides its creation');
  if (options.match) caveats.push('the counters cover the whole database; --match narrows only the sample');
  yield {
    type: 'start',
    facts: {
      kind: store.kind,
      url: store.redactedUrl,
      nodes: info.nodes.map((n) => n.id),
      payloads,
      newestS,
      caveats,
    },
  };

  // The sampler stops with the watch: on the caller's abort, or when the consumer stops iterating.
  const inner = new AbortController();
  const stop = () => inner.abort();
  outer?.addEventListener('abort', stop, { once: true });
  const problems: string[] = [];
  let passes = 0;
  let tickWaiters: Array<() => void> = [];
  const nextTick = () => new Promise<void>((r) => tickWaiters.push(r));
  const limiter = pacer(rate);
  const count = rate === 'max' ? 250 : Math.min(250, Math.max(10, Math.round((rate * intervalMs) / 2000)));

  const sampler = (async () => {
    while (!inner.signal.aborted) {
      try {
        for await (const ev of store.walk({
          values: payloads,
          match: options.match,
          count,
          pacer: limiter,
          signal: inner.signal,
        })) {
          if (ev.type === 'node-failed') {
            problems.push(`${ev.node}: ${ev.error.message}`);
            continue;
          }
          const now = Date.now();
          for (const r of ev.records) window.add(observer.observe(r, now));
        }
        if (inner.signal.aborted) return;
        passes++;
      } catch (err) {
        if (inner.signal.aborted) return;
        problems.push(`sample: ${(err as Error).message}`);
      }
      // At most one pass per interval: a small keyspace is read once an interval, not in a loop.
      await Promise.race([nextTick(), new Promise((r) => inner.signal.addEventListener('abort', r, { once: true }))]);
    }
  })();

  try {
    let before: NodeCounters[] = (await counters.read(outer)).nodes;
    let beforeAt = performance.now();
    const start = beforeAt;
    for (let seq = 0; ; seq++) {
      const due = start + (seq + 1) * intervalMs - performance.now();
      try {
        if (due > 0) await sleep(due, outer);
      } catch {
        return;
      }
      const read = await counters.read(outer);
      const at = performance.now();
      const intervalS = (at - beforeAt) / 1000;
      const d = counterDelta(before, read.nodes);
      // A node that failed this time keeps its last counters, so its next answer pairs with them.
      const kept = before.filter((b) => read.failed.some((f) => f.node === b.node));
      before = [...read.nodes, ...kept];
      beforeAt = at;
      const tickProblems = problems.splice(0);
      for (const f of read.failed) tickProblems.push(`${f.node}: ${f.error}`);
      for (const u of d.unpaired)
        if (u.why === 'restarted') tickProblems.push(`${u.node} restarted: its counters start again`);
      const totals = {
        keys: d.keys + kept.reduce((s, k) => s + k.keys, 0),
        createdPerS: round2(d.created / intervalS),
        expiredPerS: round2(d.expired / intervalS),
        evictedPerS: round2(d.evicted / intervalS),
        deletedPerS: d.deleted === null ? null : round2(d.deleted / intervalS),
      };
      const est = window.close({ keys: totals.keys, createdPerS: totals.createdPerS, expiredPerS: totals.expiredPerS });
      const waiters = tickWaiters;
      tickWaiters = [];
      for (const w of waiters) w();
      const t = new Date().toISOString();
      yield {
        type: 'tick',
        tick: {
          t,
          intervalS: Math.round(intervalS * 1000) / 1000,
          seq,
          totals,
          prefixes: est.prefixes.map((p) => ({ t, ...p })),
          sample: { keys: est.sampled, windowKeys: est.windowKeys, windowNewest: est.windowNewest, passes },
          problems: tickProblems,
        },
      };
    }
  } finally {
    outer?.removeEventListener('abort', stop);
    inner.abort();
    await sampler;
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
