import type { Renderer } from './renderer.js';
import type { DemoReport } from '../demo/run-demo.js';
import { renderDemoText } from './demo-text.js';

export type DemoFormat = 'text' | 'json';

export const demoRenderers = {
  text: renderDemoText,
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
} satisfies Record<DemoFormat, Renderer<DemoReport>>;
