import type { CleanReport } from '../clean/types.js';
import type { Renderer } from './renderer.js';
import { renderCleanText, renderCleanJson } from './clean-text.js';
import { renderCleanHtml } from './html/clean-html.js';

export type CleanFormat = 'text' | 'json' | 'html';

/** Every clean format (the plan of a dry run, the result of --apply); the compiler refuses a format without a renderer. */
export const cleanRenderers = {
  text: renderCleanText,
  json: renderCleanJson,
  html: renderCleanHtml,
} satisfies Record<CleanFormat, Renderer<CleanReport>>;
