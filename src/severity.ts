export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type FailOn = Severity | 'none';

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** True when a finding of severity `s` should fail a run gated at `failOn`. */
export function meetsFailOn(s: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && severityRank(s) >= severityRank(failOn);
}
