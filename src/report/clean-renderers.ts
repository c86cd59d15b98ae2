import type { CleanReport } from '../clean/types.js';
import type { LazyRenderer } from './renderer.js';

export type CleanFormat = 'text' | 'json' | 'html';

/** Every clean format (the plan of a dry run, the result of --apply); the compiler refuses a format without a renderer. */
export const cleanRenderers = {
  text: async () => (await import('./clean-text.js')).renderCleanText,
  json: async () => (await import('./clean-text.js')).renderCleanJson,
  html: async () => (await import('./html/clean-html.js')).renderCleanHtml,
} satisfies Record<CleanFormat, LazyRenderer<CleanReport>>;
