// `sessctl/scan`: the scan and inspect cores, the pure classifier and the report types.
export { scan, scanStore, DEFAULT_MIN_AGE_MS, DEFAULT_STALE_MS } from './scan.js';
export { classify, type ClassifyInput, type Classification } from './classify.js';
export { inspectKey, type InspectOptions, type InspectReport } from './inspect.js';
export { scanFindings } from './findings.js';
export {
  CLASS_IDS,
  type ClassId,
  type ScanOptions,
  type ScanReport,
  type ScanRecord,
  type PrefixReport,
  type ScanFinding,
  type ClassifiedRecord,
  type SignalStatement,
  type Evidence,
  type LayoutEvidence,
} from './types.js';
export { parseLayout, type Layout, type LayoutSpec } from '../frameworks/layout.js';
