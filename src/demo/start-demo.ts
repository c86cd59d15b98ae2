import { demoStores, type DemoAppName, type DemoStore } from './demo-stores.js';
import { listen } from './listen.js';
import { naiveApp } from './naive-app.js';
import { sessctlApp } from './sessctl-app.js';

export interface RunningDemoApp {
  name: DemoAppName;
  /** `http://127.0.0.1:PORT`: probe `${url}/api/me`. */
  url: string;
  /** Store URL to scan, with `match` for the app's keys. Contains credentials when --store had them. */
  storeUrl: string;
  match: string;
  prefix: string;
}

export interface RunningDemo {
  naive: RunningDemoApp;
  sessctl: RunningDemoApp;
  close(): Promise<void>;
}

/**
 * Starts the two demo apps on free loopback ports: the naive one (express-session semantics,
 * eager sessions) and the same routes on sessctl/middleware. This is the API behind `sessctl demo
 * --serve`, and what tests use to get a real app with the preflight bug.
 *
 * @example
 * const demo = await startDemo();
 * // sessctl probe ${demo.naive.url}/api/me  → SESS-PREFLIGHT-MINT
 * await demo.close();
 */
export async function startDemo(options: { store?: string } = {}): Promise<RunningDemo> {
  const stores = await demoStores(options.store);
  const naive = await listen(naiveApp({ store: stores.naive.store, ttlMs: stores.naive.ttlMs }));
  const sessctl = await listen(sessctlApp({ store: stores.sessctl.store, ttlMs: stores.sessctl.ttlMs }));
  const info = (name: DemoAppName, url: string, s: DemoStore): RunningDemoApp => ({
    name,
    url,
    storeUrl: s.scanUrl,
    match: s.match,
    prefix: s.prefix,
  });
  return {
    naive: info('naive', naive.url, stores.naive),
    sessctl: info('sessctl', sessctl.url, stores.sessctl),
    async close() {
      await Promise.all([naive.close(), sessctl.close()]);
      await stores.close();
    },
  };
}
