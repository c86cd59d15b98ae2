import type { LayoutSpec } from '../frameworks/layout.js';
import type { FailOn, Severity } from '../severity.js';

/** Scan classes a threshold can name (DESIGN.md "Classes"; `orphan` = never-read or empty). */
export const THRESHOLD_CLASSES = [
  'never-read',
  'empty',
  'anonymous',
  'no-ttl',
  'stale',
  'undecodable',
  'orphan',
] as const;
export type ThresholdClass = (typeof THRESHOLD_CLASSES)[number];

export const DEFAULT_TIMEOUT_MS = 60_000;

/** A `sessctl check` config after validation: defaults applied, durations in ms, env expanded. */
export interface CheckConfig {
  /** Absolute path of the file it came from; reports anchor SARIF results there. */
  file: string | undefined;
  failOn: FailOn | undefined;
  probes: ProbeTarget[];
  scans: ScanTarget[];
}

interface TargetBase {
  /** Position in its array, e.g. `probes[1]`, as the config names it. */
  index: number;
  name: string;
  /** 1-based line in the config file where the target is declared, for SARIF and annotations. */
  line: number | undefined;
  failOn: FailOn | undefined;
  timeoutMs: number;
}

export interface ProbeTarget extends TargetBase {
  kind: 'probe';
  url: string;
  origin: string | undefined;
  store: string | undefined;
  stateUrl: string | undefined;
  /** The logout recipe, `[METHOD] PATH-OR-URL` (SESS-LOGOUT). */
  logout: string | undefined;
  /** The login recipe, `[METHOD] PATH-OR-URL [BODY]` (JSON or a URL-encoded form): how the probe gets a session from an app that makes none for anonymous requests. */
  login: string | undefined;
  sessionCookie: string | undefined;
  tokenHeader: string | undefined;
  tokenField: string | undefined;
  expect: Array<'cookie' | 'header' | 'body'>;
  /** Check ids reported but never failing the run. */
  ignore: string[];
  /** The rest of `sessctl probe`'s options, as the flags name them (see probe-options-of.ts). */
  tokenScheme: string | undefined;
  ttlMs: number | undefined;
  storePrefix: string | undefined;
  har: string | undefined;
  /** Per request (`--timeout`); `timeoutMs` bounds the whole target. */
  requestTimeoutMs: number | undefined;
  maxRequests: number | undefined;
  maxBodyBytes: number | undefined;
  insecure: boolean;
  /** Write the probe's requests as HAR 1.2 here (`--save-har`); `showSecrets` keeps live ids in it (mode 0600). */
  saveHar: string | undefined;
  showSecrets: boolean;
}

export interface ScanTarget extends TargetBase {
  kind: 'scan';
  store: string;
  match: string | undefined;
  /** Custom session layers whose keys are sessions (validated templates). */
  layouts: LayoutSpec[];
  minAgeMs: number | undefined;
  staleMs: number | undefined;
  /** Keys/s, `max`, or undefined: adaptive pacing. */
  rate: number | 'max' | undefined;
  count: number | undefined;
  /** Read payloads (default true; `values: false` is `--no-values`). */
  values: boolean;
  showKeys: boolean;
  /** A scan that recognises no session passes only with this; otherwise it is unknown (exit 3): a wrong match, db or prefix finds nothing. */
  allowEmpty: boolean;
  maxShare: Partial<Record<ThresholdClass, number>>;
  maxCount: Partial<Record<ThresholdClass, number>>;
  /** Severity of a threshold breach. */
  severity: Severity;
}

export type CheckTarget = ProbeTarget | ScanTarget;
