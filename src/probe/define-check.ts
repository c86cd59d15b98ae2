import type { Severity } from '../severity.js';
import { checkInfo } from './check-info.js';
import type { ProbeContext } from './context.js';
import type { Exchange } from './http-client.js';
import type { CheckId, CheckResult, Finding } from './types.js';

export interface FindingDraft {
  message: string;
  ex?: Exchange;
  /** Overrides the table's default (e.g. CORS with credentials is worse). */
  severity?: Severity;
}

export type CheckOutcome =
  | { status: 'pass' | 'skip' | 'unknown'; reason: string }
  | { status: 'fail'; findings: FindingDraft[] };

/**
 * A check is data: an id (its words and default severity live in check-info.ts) and a `run` that
 * reads the learned model and may send its own requests through `ctx.send`, which records them.
 */
export interface Check {
  id: CheckId;
  run(ctx: ProbeContext): Promise<CheckOutcome>;
}

export function defineCheck(check: Check): Check {
  return check;
}

export const pass = (reason: string): CheckOutcome => ({ status: 'pass', reason });
export const skip = (reason: string): CheckOutcome => ({ status: 'skip', reason });
export const unknown = (reason: string): CheckOutcome => ({ status: 'unknown', reason });
export const fail = (...findings: FindingDraft[]): CheckOutcome => ({ status: 'fail', findings });

/** Turns an outcome into the report's check row and findings (evidence redacted). */
export function settle(ctx: ProbeContext, id: CheckId, outcome: CheckOutcome): { result: CheckResult; findings: Finding[] } {
  if (outcome.status !== 'fail') return { result: { id, status: outcome.status, reason: outcome.reason }, findings: [] };
  const info = checkInfo[id];
  return {
    result: { id, status: 'fail' },
    findings: outcome.findings.map((f) => ({
      id,
      severity: f.severity ?? info.severity,
      title: info.title,
      message: f.message,
      evidence: ctx.evidence(f.ex),
    })),
  };
}
