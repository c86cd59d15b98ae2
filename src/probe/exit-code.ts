import { ExitCode } from '../errors.js';
import { meetsFailOn, type FailOn } from '../severity.js';
import type { ProbeReport } from './types.js';

/** The contract: incomplete (3) outranks findings (1); `--fail-on none` never fails on findings. */
export function probeExitCode(report: ProbeReport, failOn: FailOn): ExitCode {
  if (!report.complete) return ExitCode.incomplete;
  return report.findings.some((f) => meetsFailOn(f.severity, failOn)) ? ExitCode.findings : ExitCode.ok;
}
