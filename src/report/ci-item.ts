import type { FailOn, Severity } from '../severity.js';

/**
 * The shape the CI renderers (JUnit, SARIF, GitHub annotations) take, so `sessctl probe` and
 * `sessctl check` share them: one item per check, already redacted.
 */
export interface CiItem {
  /** Stable id: JUnit test name, SARIF ruleId. */
  id: string;
  severity: Severity;
  title: string;
  status: 'pass' | 'fail' | 'skip' | 'unknown' | 'error';
  /** Why it passed/skipped, or what was found (several findings joined). */
  message: string;
  /** Redacted evidence, printed as JSON in JUnit system-out and SARIF result properties. */
  evidence?: unknown;
  /** JUnit classname (e.g. the check group); defaults to the id's first segment. */
  group?: string;
  /**
   * When set, decides whether a failed item fails the run instead of comparing its severity with
   * `failOn`: `sessctl check` uses it for ignored checks and for scan findings its thresholds gate.
   */
  failing?: boolean;
  /** Why a failed item does not fail the run, when `failing` is false (shown instead of "below --fail-on"). */
  note?: string;
  /** What to change (failed items), worded for the framework when known. */
  fix?: string;
  /** The check's docs entry. */
  docs?: string;
}

export interface CiRule {
  id: string;
  title: string;
  description: string;
  help: string;
  severity: Severity;
  /** The check's docs entry (SARIF helpUri). */
  docs?: string;
}

export interface CiRun {
  tool: { name: string; version: string; informationUri?: string };
  /** What was tested (a target URL, a store, a config entry): the JUnit suite name. */
  subject: string;
  items: CiItem[];
  rules: CiRule[];
  failOn: FailOn;
  /** Where SARIF anchors results (a config or HAR file); falls back to the subject. */
  location?: { uri: string; line?: number };
  durationMs?: number;
  complete?: boolean;
}

export const SECURITY_SEVERITY = {
  info: '0.1',
  low: '2.0',
  medium: '5.0',
  high: '7.5',
  critical: '9.5',
} as const satisfies Record<Severity, string>;
export const SARIF_LEVEL = {
  info: 'note',
  low: 'note',
  medium: 'warning',
  high: 'error',
  critical: 'error',
} as const satisfies Record<Severity, string>;
