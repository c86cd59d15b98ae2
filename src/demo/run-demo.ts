import { setTimeout as sleep } from 'node:timers/promises';
import { SessctlError } from '../errors.js';
import { probe } from '../probe/run-probe.js';
import type { ProbeReport } from '../probe/types.js';
import { scan } from '../scan/scan.js';
import type { ScanReport } from '../scan/types.js';
import { redactStoreUrl } from '../stores/store-url.js';
import { DEMO_ORIGIN } from './demo-routes.js';
import type { DemoAppName } from './demo-stores.js';
import { startDemo, type RunningDemoApp } from './start-demo.js';
import { traffic, type TrafficStats } from './traffic.js';

/**
 * The scan proves "never read" from idle ≈ age with 1.5 s of tolerance, so a returning visitor
 * must come back later than that for "read since created" to be provable. The embedded store
 * measures idle time in ms; Redis (LRU clock) and memcached (`la`) in whole seconds that may run up
 * to a second ahead, hence the longer wait there.
 */
export const RETURN_AFTER_MS = { embedded: 1_700, real: 3_000 } as const;

export interface DemoSide {
  name: DemoAppName;
  url: string;
  traffic: TrafficStats;
  /** The figures the verdict rests on, taken from the probe and scan reports below. */
  summary: DemoSummary;
  probe: ProbeReport;
  scan: ScanReport;
}

export interface DemoSummary {
  sessions: number;
  /** Of which the probe's own requests created (it counts keys per step). */
  byProbe: number;
  live: number;
  empty: number;
  neverRead: number;
  orphans: number;
  /** Store keys the probe's cookie-less preflight created. */
  preflightKeys: number;
  findings: Array<{ id: string; severity: string }>;
}

/** `sessctl demo --format json`: both apps, their traffic, probe and scan reports. */
export interface DemoReport {
  schema: 'sessctl-demo/1';
  /** `embedded` (memory://demo-naive, memory://demo-sessctl) or the --store URL without credentials. */
  store: string;
  durationMs: number;
  apps: Record<DemoAppName, DemoSide>;
}

export interface DemoOptions {
  store?: string;
  signal: AbortSignal;
  /** Progress, one short line per stage (the CLI shows it on a TTY). */
  onStage?: (stage: string) => void;
}

/**
 * The five-minute tour as a function: starts both apps, sends the same browser-like traffic to
 * each, probes both and scans both stores, and returns the reports side by side.
 */
export async function runDemo({ store, signal, onStage }: DemoOptions): Promise<DemoReport> {
  const started = performance.now();
  const demo = await startDemo({ ...(store ? { store } : {}) });
  const visitors = { naive: traffic(demo.naive.url, { signal }), sessctl: traffic(demo.sessctl.url, { signal }) };
  try {
    onStage?.('sending browser traffic: page views, preflights, logins, health checks');
    await Promise.all([visitors.naive.arrive(), visitors.sessctl.arrive()]);
    const arrived = performance.now();

    onStage?.('probing both apps');
    const probeApp = (app: RunningDemoApp) =>
      probe({ url: `${app.url}/api/me`, origin: DEMO_ORIGIN, store: app.storeUrl, storePrefix: app.prefix }, signal);
    const [naiveProbe, sessctlProbe] = await Promise.all([probeApp(demo.naive), probeApp(demo.sessctl)]);

    const wait = RETURN_AFTER_MS[store ? 'real' : 'embedded'] - (performance.now() - arrived);
    onStage?.('waiting for the visitors to come back');
    if (wait > 0) await sleep(wait, undefined, { signal });
    onStage?.('returning visitors');
    await Promise.all([visitors.naive.comeBack(), visitors.sessctl.comeBack()]);

    onStage?.('scanning both stores');
    const scanApp = (app: RunningDemoApp) => scan(app.storeUrl, { match: app.match, minAgeMs: 0, signal });
    const [naiveScan, sessctlScan] = await Promise.all([scanApp(demo.naive), scanApp(demo.sessctl)]);

    signal.throwIfAborted();
    const side = (name: DemoAppName, p: ProbeReport, s: ScanReport): DemoSide => ({
      name,
      url: demo[name].url,
      traffic: visitors[name].stats,
      summary: summarize(p, s),
      probe: p,
      scan: s,
    });
    return {
      schema: 'sessctl-demo/1',
      store: store ? redactStoreUrl(store) : 'embedded',
      durationMs: Math.round(performance.now() - started),
      apps: { naive: side('naive', naiveProbe, naiveScan), sessctl: side('sessctl', sessctlProbe, sessctlScan) },
    };
  } catch (err) {
    // Ctrl-C lands in whichever await is pending (a request, the wait); report it as what it is.
    if (signal.aborted) throw new SessctlError('SESSCTL_ABORTED', 'the demo was interrupted', { cause: err });
    throw err;
  } finally {
    await Promise.all([visitors.naive.close(), visitors.sessctl.close()]);
    await demo.close();
  }
}

function summarize(p: ProbeReport, s: ScanReport): DemoSummary {
  const created = p.store?.keysCreated ?? {};
  return {
    sessions: s.totals.sessions,
    byProbe: Object.values(created).reduce((a, b) => a + b, 0),
    live: s.classes.live?.count ?? 0,
    empty: s.classes.empty?.count ?? 0,
    neverRead: s.classes['never-read']?.count ?? 0,
    orphans: s.totals.orphans.count,
    preflightKeys: created.preflight ?? 0,
    findings: p.findings.map((f) => ({ id: f.id, severity: f.severity })),
  };
}
