import { randomBytes } from 'node:crypto';
import { SessctlError, isSessctlError } from '../errors.js';
import { memcachedStore } from '../stores/memcached/memcached-session-store.js';
import { memoryStore } from '../stores/memory/memory-session-store.js';
import { redisStore } from '../stores/redis/redis-session-store.js';
import type { SessionStore } from '../stores/session-store.js';
import { withStoreTimeout } from '../middleware/timeout.js';
import { memoryKv } from '../stores/index.js';
import { openStore } from '../stores/from-url.js';
import { parseStoreUrl } from '../stores/store-url.js';

export type DemoAppName = 'naive' | 'sessctl';

/** Where one demo app keeps its sessions, and how to scan exactly those keys. */
export interface DemoStore {
  store: SessionStore;
  /** What `sessctl scan` is pointed at (credentials included: it is used, never printed). */
  scanUrl: string;
  /** Key prefix; `match` = prefix + `*`. */
  prefix: string;
  match: string;
  ttlMs: number;
}

/** The in-process stores of the demo: `memory://demo-naive` and `memory://demo-sessctl`. */
export const DEMO_MEMORY = { naive: 'demo-naive', sessctl: 'demo-sessctl' } as const satisfies Record<
  DemoAppName,
  string
>;

/**
 * On the embedded store each app has its own `memory://` store, emptied first so a rerun in the same
 * process starts clean. On a real store (`--store`) both share it under run-scoped prefixes, so
 * earlier runs and the user's own keys never mix into the figures, with a short TTL so the demo's
 * keys go away by themselves.
 */
export async function demoStores(
  url: string | undefined,
): Promise<Record<DemoAppName, DemoStore> & { close(): Promise<void> }> {
  if (url === undefined) {
    const make = (app: DemoAppName, prefix: string): DemoStore => {
      memoryKv(DEMO_MEMORY[app]).clear();
      return {
        store: memoryStore({ name: DEMO_MEMORY[app], prefix }),
        scanUrl: `memory://${DEMO_MEMORY[app]}`,
        prefix,
        match: `${prefix}*`,
        ttlMs: 86_400_000,
      };
    };
    return { naive: make('naive', 'sess:'), sessctl: make('sessctl', 'sessctl:'), close: async () => {} };
  }

  const parsed = parseStoreUrl(url);
  // Fail before serving anything, in the words every other command uses ("connection refused"):
  // the session stores' own errors would quote client internals (retry limits, "No servers available").
  try {
    await (await openStore(parsed, { connectTimeoutMs: 3000 })).close();
  } catch (cause) {
    // A bad TLS file or option stays what it is (exit 2); only "cannot connect" gets the demo's hint.
    if (!isSessctlError(cause) || cause.code !== 'SESSCTL_STORE_UNREACHABLE') throw cause;
    throw new SessctlError(
      'SESSCTL_STORE_UNREACHABLE',
      `cannot reach the demo store ${parsed.redacted}: ${cause.message}`,
      {
        cause,
        hint: 'start the store, or run `sessctl demo` without --store to use the embedded one',
      },
    );
  }
  // The scan folds an all-digit key segment into `*` as an id (scan/prefix.ts): a run id needs a
  // letter, or this run's report rows would merge with other runs' (6 % of 6-digit hex ids have none).
  let run: string;
  do run = randomBytes(3).toString('hex');
  while (/^\d+$/.test(run));
  const ttlMs = 600_000;
  const make = (prefix: string): DemoStore => {
    let store: SessionStore;
    if (parsed.kind === 'memory') store = memoryStore({ name: parsed.name, prefix });
    else if (parsed.kind === 'memcached') store = memcachedStore({ url, prefix });
    else store = redisStore({ url, prefix });
    return { store, scanUrl: url, prefix, match: `${prefix}*`, ttlMs };
  };
  const stores = { naive: make(`sessctl-demo:${run}:naive:sess:`), sessctl: make(`sessctl-demo:${run}:sessctl:`) };
  const close = async () => {
    await Promise.all([stores.naive.store.close(), stores.sessctl.store.close()]);
  };
  try {
    // The session stores work too (a demo whose store is down would only show 500s).
    await withStoreTimeout('get', parsed.redacted, 3000, () => stores.naive.store.get('connectivity-check'));
  } catch (cause) {
    await close();
    throw new SessctlError(
      'SESSCTL_STORE_UNREACHABLE',
      `cannot reach the demo store ${parsed.redacted}: ${(cause as Error).message}`,
      {
        cause,
        hint: 'start the store, or run `sessctl demo` without --store to use the embedded one',
      },
    );
  }
  return { ...stores, close };
}
