import type { ProbeReport } from '../probe/types.js';
import type { FailOn, Severity } from '../severity.js';
import type { ThresholdClass } from './config.js';
import type { ScanReportLike } from './scan-report-like.js';

/**
 * One line of the combined report: a probe check or a scan threshold. These are what JUnit test
 * cases, SARIF results and GitHub annotations are made of.
 */
export interface CheckItem {
  /** Probe check id (SESS-PREFLIGHT-MINT) or scan threshold id (SCAN-SHARE-NEVER-READ). */
  id: string;
  status: 'pass' | 'fail' | 'skip' | 'unknown' | 'error';
  /** Set on failures: the severity the finding or breach has. */
  severity?: Severity;
  title: string;
  /** One sentence: what was seen (redacted), or why it passed/skipped. */
  message: string;
  /** A failure at or above the target's failOn and not ignored: it makes the run exit 1. */
  failing: boolean;
  /** Listed in the probe's `ignore`: reported, never failing. */
  ignored?: boolean;
  /** Why a failed item does not fail the run, when it is not the threshold or `ignore`. */
  note?: string;
  /** Failed items: what to change (worded for the framework when known) and the docs entry. */
  fix?: string;
  docs?: string;
}

export interface ThresholdResult {
  id: string;
  kind: 'maxShare' | 'maxCount';
  class: ThresholdClass;
  limit: number;
  /** The measured share (0–1) or count; null when the scan report has no figure for the class. */
  actual: number | null;
  count: number | null;
  /** Sessions the share is taken of. */
  of: number;
  pass: boolean;
}

interface OutcomeBase {
  name: string;
  /** `probes[0]`, `scans[1]`: where the target is declared. */
  ref: string;
  /** 1-based line in the config file, when known. */
  line: number | undefined;
  failOn: FailOn;
  /** False when the target could not be probed or scanned completely: the run exits 3. */
  complete: boolean;
  /** Why it is incomplete, one line each. */
  errors: string[];
  durationMs: number;
  items: CheckItem[];
}

export interface ProbeOutcome extends OutcomeBase {
  kind: 'probe';
  url: string;
  report: ProbeReport | null;
}

export interface ScanOutcome extends OutcomeBase {
  kind: 'scan';
  /** Store URL without credentials. */
  store: string;
  thresholds: ThresholdResult[];
  report: ScanReportLike | null;
}

export type TargetOutcome = ProbeOutcome | ScanOutcome;

/** `sessctl check --format json`: every probe and scan of one config run, with its verdict. */
export interface CheckReport {
  schema: 'sessctl-check/1';
  complete: boolean;
  /** The config file, as given or found. */
  config: string | undefined;
  failOn: FailOn;
  durationMs: number;
  targets: TargetOutcome[];
  summary: {
    targets: number;
    incomplete: number;
    /** Failed items (findings and breaches), failing or not. */
    findings: number;
    /** Items that fail the run. */
    failing: number;
    highest: Severity | null;
    /** The exit code of the run: 0, 1 or 3. */
    exitCode: 0 | 1 | 3;
  };
}
