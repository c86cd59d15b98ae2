import type { CheckReport } from '../check/check-report.js';
import type { Renderer } from '../cli/output.js';
import { renderCheckGithub } from './check-github.js';
import { renderCheckJunit } from './check-junit.js';
import { renderCheckSarif } from './check-sarif.js';
import { renderCheckText } from './check-text.js';

export type CheckFormat = 'text' | 'json' | 'junit' | 'sarif' | 'github';

export const checkRenderers = {
  text: renderCheckText,
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  junit: renderCheckJunit,
  sarif: renderCheckSarif,
  github: renderCheckGithub,
} satisfies Record<CheckFormat, Renderer<CheckReport>>;

export { appendStepSummary } from './check-github.js';
