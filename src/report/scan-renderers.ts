import type { ScanReport } from '../scan/types.js';
import type { LazyRenderer } from './renderer.js';

export type ScanFormat = 'table' | 'json' | 'ndjson' | 'html';

/** Every scan format; the compiler refuses a format without a renderer. ndjson files also get each key as it is scanned. */
export const scanRenderers = {
  table: async () => (await import('./scan-table.js')).renderScanTable,
  json: async () => (await import('./scan-json.js')).renderScanJson,
  ndjson: async () => (await import('./scan-json.js')).renderScanNdjsonSummary,
  html: async () => (await import('./html/scan-html.js')).renderScanHtml,
} satisfies Record<ScanFormat, LazyRenderer<ScanReport>>;
