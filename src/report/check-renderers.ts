import type { CheckReport } from '../check/check-report.js';
import type { Renderer } from './renderer.js';
import { VERSION } from '../version.js';
import { scrub } from '../redact.js';
import { checkCiRuns } from './check-ci.js';
import { renderCheckText } from './check-text.js';
import { renderGithub } from './github.js';
import { renderCheckHtml } from './html/check-html.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';

export type CheckFormat = 'text' | 'json' | 'junit' | 'sarif' | 'github' | 'html';

/**
 * Every check format; the CI formats are the probe's renderers over one run per target. Each is
 * scrubbed: a config's `${VAR}` values are secrets wherever they were expanded (names, URLs).
 */
export const checkRenderers = {
  text: (report, options) => scrub(renderCheckText(report, options)),
  json: (report) => scrub(`${JSON.stringify(report, null, 2)}\n`),
  junit: (report) => scrub(renderJunit(checkCiRuns(report, VERSION))),
  sarif: (report) => scrub(renderSarif(checkCiRuns(report, VERSION), { category: 'sessctl/check/' })),
  github: (report) => scrub(renderGithub(checkCiRuns(report, VERSION))),
  html: renderCheckHtml,
} satisfies Record<CheckFormat, Renderer<CheckReport>>;

export { appendStepSummary } from './check-summary.js';
