import type { ScanReport } from '../scan/types.js';

/** `--format json`: the report object unchanged (schema sessctl-scan/1). */
export function renderScanJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** `--format ndjson` ends with one summary line after the streamed records. */
export function renderScanNdjsonSummary(report: ScanReport): string {
  return `${JSON.stringify({ summary: report })}\n`;
}

export function renderScanRecordLine(record: object): string {
  return `${JSON.stringify(record)}\n`;
}
