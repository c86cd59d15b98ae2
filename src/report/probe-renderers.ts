import type { Renderer } from './renderer.js';
import type { ProbeReport } from '../probe/types.js';
import { scrub } from '../redact.js';
import type { FailOn } from '../severity.js';
import { renderGithub } from './github.js';
import { renderProbeHtml } from './html/probe-html.js';
import { renderJunit } from './junit.js';
import { probeCiRun } from './probe-ci.js';
import { renderProbeJson } from './probe-json.js';
import { renderProbeText } from './probe-text.js';
import { renderSarif } from './sarif.js';

export type ProbeFormat = 'text' | 'json' | 'junit' | 'sarif' | 'github' | 'html';

/** Every probe format; the compiler refuses a format without a renderer. */
export function renderers(failOn: FailOn, version: string): Record<ProbeFormat, Renderer<ProbeReport>> {
  return {
    text: renderProbeText,
    json: renderProbeJson,
    // Evidence is redacted at the source; scrubbing the finished text catches any id that slipped into a message.
    junit: (r) => scrub(renderJunit(probeCiRun(r, failOn, version))),
    sarif: (r) => scrub(renderSarif(probeCiRun(r, failOn, version))),
    github: (r) => scrub(renderGithub(probeCiRun(r, failOn, version))),
    html: renderProbeHtml,
  } satisfies Record<ProbeFormat, Renderer<ProbeReport>>;
}
