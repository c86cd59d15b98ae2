import type { ProbeReport } from '../probe/types.js';
import { scrub } from '../redact.js';

/** `sessctl-probe/1`: the report object unchanged (already redacted), scrubbed once more on the way out. */
export function renderProbeJson(report: ProbeReport): string {
  return `${scrub(JSON.stringify(report, null, 2))}\n`;
}
