import type { CheckReport } from '../check/check-report.js';
import type { Renderer } from '../cli/output.js';
import { VERSION } from '../cli/version.js';
import { checkCiRuns } from './check-ci.js';
import { renderCheckText } from './check-text.js';
import { renderGithub } from './github.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';

export type CheckFormat = 'text' | 'json' | 'junit' | 'sarif' | 'github';

/** Every check format; the CI formats are the probe's renderers over one run per target. */
export const checkRenderers = {
  text: renderCheckText,
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  junit: (report) => renderJunit(checkCiRuns(report, VERSION)),
  sarif: (report) => renderSarif(checkCiRuns(report, VERSION), { category: 'sessctl/check/' }),
  github: (report) => renderGithub(checkCiRuns(report, VERSION)),
} satisfies Record<CheckFormat, Renderer<CheckReport>>;

export { appendStepSummary } from './check-summary.js';
