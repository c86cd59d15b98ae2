import type { Renderer } from './renderer.js';
import type { DemoReport } from '../demo/run-demo.js';
import { renderDemoText } from './demo-text.js';
import { renderDemoHtml } from './html/demo-html.js';

export type DemoFormat = 'text' | 'json' | 'html';

export const demoRenderers = {
  text: renderDemoText,
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  html: renderDemoHtml,
} satisfies Record<DemoFormat, Renderer<DemoReport>>;
