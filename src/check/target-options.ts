import type { ProbeOptions } from '../probe/options.js';
import type { ScanOptions } from '../scan/types.js';
import type { ProbeTarget, ScanTarget } from './config.js';

/** ProbeOptions a person sets (the hooks are the CLI's or the tests'). */
type ProbeSetting = Exclude<keyof ProbeOptions, 'onStep' | 'onRequests' | 'sleep'>;
/** ScanOptions a person sets. */
type ScanSetting = Exclude<keyof ScanOptions, 'signal' | 'onRecord' | 'onProgress' | 'onBatch'>;

/**
 * Every `sessctl probe` option, read from a config target: a Record over the option names, so a new
 * probe option does not build until the config can set it (issue 20: `storePrefix` was "not a known field").
 */
const PROBE_FROM_TARGET = {
  url: (t) => t.url,
  sessionCookie: (t) => t.sessionCookie,
  tokenHeader: (t) => t.tokenHeader,
  tokenScheme: (t) => t.tokenScheme,
  tokenField: (t) => t.tokenField,
  stateUrl: (t) => t.stateUrl,
  origin: (t) => t.origin,
  logout: (t) => t.logout,
  login: (t) => t.login,
  ttlMs: (t) => t.ttlMs,
  store: (t) => t.store,
  storePrefix: (t) => t.storePrefix,
  har: (t) => t.har,
  expect: (t) => (t.expect.length ? t.expect : undefined),
  timeoutMs: (t) => t.requestTimeoutMs,
  maxBodyBytes: (t) => t.maxBodyBytes,
  maxRequests: (t) => t.maxRequests,
  insecure: (t) => t.insecure || undefined,
} satisfies { [K in ProbeSetting]: (t: ProbeTarget) => ProbeOptions[K] };

const SCAN_FROM_TARGET = {
  match: (t) => t.match,
  minAgeMs: (t) => t.minAgeMs,
  staleMs: (t) => t.staleMs,
  rate: (t) => t.rate,
  count: (t) => t.count,
  values: (t) => (t.values ? undefined : false),
  showKeys: (t) => t.showKeys || undefined,
  layouts: (t) => (t.layouts.length ? t.layouts : undefined),
} satisfies { [K in ScanSetting]: (t: ScanTarget) => ScanOptions[K] };

/** The probe options a config target asks for (unset ones left out, so the probe's defaults apply). */
export function probeOptionsOf(t: ProbeTarget): ProbeOptions {
  return defined(PROBE_FROM_TARGET, t) as unknown as ProbeOptions;
}

export function scanOptionsOf(t: ScanTarget): Omit<ScanOptions, 'signal'> {
  return defined(SCAN_FROM_TARGET, t);
}

function defined<T>(table: Record<string, (t: T) => unknown>, t: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table)
      .map(([k, get]) => [k, get(t)])
      .filter(([, v]) => v !== undefined),
  );
}
