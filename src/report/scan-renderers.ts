import type { ScanReport } from '../scan/types.js';
import type { Renderer } from './renderer.js';
import { renderScanHtml } from './html/scan-html.js';
import { renderScanJson, renderScanNdjsonSummary } from './scan-json.js';
import { renderScanTable } from './scan-table.js';

export type ScanFormat = 'table' | 'json' | 'ndjson' | 'html';

/** Every scan format; the compiler refuses a format without a renderer. ndjson files also get each key as it is scanned. */
export const scanRenderers = {
  table: renderScanTable,
  json: renderScanJson,
  ndjson: renderScanNdjsonSummary,
  html: renderScanHtml,
} satisfies Record<ScanFormat, Renderer<ScanReport>>;
