import type { Severity } from '../severity.js';
import { docsUrl } from '../docs-url.js';
import { checkInfo } from './check-info.js';
import { fixFor } from './check-fix.js';
import type { LearnedModel } from './learned-model.js';
import type { ProbeClient } from './probe-client.js';
import type { Exchange } from './http-client.js';
import type { CheckId, CheckResult, Finding, ProbeModel } from './types.js';

export interface FindingDraft {
  message: string;
  ex?: Exchange;
  /** Overrides the table's default (e.g. CORS with credentials is worse). */
  severity?: Severity;
}

export type CheckOutcome =
  | { status: 'pass' | 'skip' | 'unknown'; reason: string; learned?: CheckLearned }
  | { status: 'fail'; findings: FindingDraft[] };

/** What a check may add to the report's model (SESS-TTL: the TTL it verified); the learned model itself stays frozen. */
export type CheckLearned = Partial<Pick<ProbeModel, 'ttlS'>>;

/**
 * A check is data: an id (its words and default severity live in check-info.ts) and a `run` that
 * reads the frozen learned model and may send its own requests through the client, which records them.
 */
export interface Check {
  id: CheckId;
  run(learned: LearnedModel, client: ProbeClient): Promise<CheckOutcome>;
}

export function defineCheck(check: Check): Check {
  return check;
}

export const pass = (reason: string, learned?: CheckLearned): CheckOutcome => ({
  status: 'pass',
  reason,
  ...(learned ? { learned } : {}),
});
export const skip = (reason: string): CheckOutcome => ({ status: 'skip', reason });
export const unknown = (reason: string): CheckOutcome => ({ status: 'unknown', reason });
export const fail = (...findings: FindingDraft[]): CheckOutcome => ({ status: 'fail', findings });

/** Turns an outcome into the report's check row and findings (evidence redacted). */
export function settle(
  client: ProbeClient,
  id: CheckId,
  outcome: CheckOutcome,
): { result: CheckResult; findings: Finding[] } {
  if (outcome.status !== 'fail')
    return { result: { id, status: outcome.status, reason: outcome.reason }, findings: [] };
  const info = checkInfo[id];
  return {
    result: { id, status: 'fail' },
    findings: outcome.findings.map((f) => ({
      id,
      severity: f.severity ?? info.severity,
      title: info.title,
      message: f.message,
      fix: fixFor(id, null),
      docs: docsUrl(id),
      evidence: client.evidence(f.ex),
    })),
  };
}
