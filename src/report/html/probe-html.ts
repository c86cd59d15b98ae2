import { docsUrl } from '../../docs-url.js';
import { checkInfo } from '../../probe/check-info.js';
import type { ProbeReport } from '../../probe/types.js';
import { severityRank } from '../../severity.js';
import { fmtInt } from '../format-number.js';
import { dataTable } from './data-table.js';
import { evidenceTable } from './evidence-table.js';
import { hbarChartSvg } from './hbar-chart-svg.js';
import { html, type Html } from './html.js';
import { fact, page } from './page.js';
import { stackedBarSvg } from './stacked-bar-svg.js';
import { statusSegments } from './status-segments.js';
import { stepKeyBars } from './step-key-bars.js';

/** `--format html` for probe: the learned model, every check, the findings with their evidence, store keys per step. */
export function renderProbeHtml(report: ProbeReport): string {
  return page({
    title: `sessctl probe — ${report.target}`,
    subtitle: `${fmtInt(report.requests)} requests · ${report.durationMs} ms${report.store ? ` · store ${report.store.url}` : ''}${report.complete ? '' : ' · INCOMPLETE'}`,
    body: probeBody(report),
  });
}

const MODEL_ROWS: Array<[keyof ProbeReport['model'], string]> = [
  ['sessionCookie', 'session cookie'],
  ['cookie', 'cookie keeps state'],
  ['headerToken', 'header token keeps state'],
  ['bodyToken', 'body token keeps state'],
  ['tokenKind', 'token kind'],
  ['precedence', 'precedence when both are sent'],
  ['ttlS', 'verified TTL (s)'],
  ['stateFrom', 'state read from'],
  ['anonymousMints', 'anonymous requests get a session'],
  ['sessionsFrom', 'sessions came from'],
];

/** The probe's content without the page around it (the demo shows two). */
export function probeBody(report: ProbeReport): Html {
  const m = report.model;
  const findings = [...report.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const severityOf = new Map(findings.map((f) => [f.id, f.severity]));
  const keyBars = stepKeyBars(report.steps);
  const value = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
  return html`<section class="summary" aria-label="summary">
      <div class="facts">
        ${fact(fmtInt(report.checks.length), 'checks')}${fact(fmtInt(findings.length), 'findings')}${fact(
          findings[0]?.severity ?? 'none',
          'highest severity',
        )}${fact(fmtInt(report.requests), 'requests')}
      </div>
      ${
        report.errors.length
          ? html`<ul class="problems">
              ${report.errors.map((e) => html`<li>${e}</li>`)}
            </ul>`
          : null
      }
      ${
        report.hints.length
          ? html`<ul class="hints">
              ${report.hints.map((h) => html`<li>${h}</li>`)}
            </ul>`
          : null
      }
    </section>
    <section class="block">
      <h2>learned session model</h2>
      ${dataTable(
        'what the probe learned from the target',
        [{ head: 'property' }, { head: 'value' }],
        [
          ...MODEL_ROWS.map(([k, label]) => [label, html`<code>${value(m[k])}</code>`]),
          ['framework', m.framework ? `${m.framework.framework} (from the ${m.framework.from})` : '—'],
          ...(m.storeKeys
            ? Object.entries(m.storeKeys).map(([k, t]) => [`store key (${k})`, html`<code>${t}</code>`])
            : []),
        ],
      )}
    </section>
    <section class="block checks">
      <h2>checks</h2>
      <div class="pair">
        ${stackedBarSvg('statuses', 'checks by status', [
          { label: 'checks', segments: statusSegments(report.checks.map((c) => c.status)) },
        ])}
      </div>
      ${dataTable(
        'every check, its status and severity',
        [{ head: 'status' }, { head: 'check' }, { head: 'severity' }, { head: 'title' }, { head: 'why' }],
        report.checks.map((c) => [
          html`<span class="st st-${c.status}">${c.status}</span>`,
          html`<a href="${docsUrl(c.id)}"><code>${c.id}</code></a>`,
          html`<span class="sev sev-${severityOf.get(c.id) ?? checkInfo[c.id].severity}"
            >${severityOf.get(c.id) ?? checkInfo[c.id].severity}</span
          >`,
          checkInfo[c.id].title,
          c.status === 'fail' ? 'see the findings' : (c.reason ?? ''),
        ]),
      )}
    </section>
    <section class="block findings">
      <h2>findings</h2>
      ${findings.length === 0 ? html`<p class="holds">no findings</p>` : null}
      ${findings.map(
        (f) =>
          html`<div class="finding" data-id="${f.id}">
            <h3>
              <span class="sev sev-${f.severity}">${f.severity}</span> <a href="${f.docs}"><code>${f.id}</code></a>
              ${f.title}
            </h3>
            <p>${f.message}</p>
            <p><span class="muted">fix:</span> ${f.fix}</p>
            ${f.evidence ? evidenceTable(f.evidence) : null}
          </div>`,
      )}
    </section>
    <section class="block steps">
      <h2>requests</h2>
      ${
        keyBars.length
          ? html`<div class="pair">
              ${hbarChartSvg(
                'step-keys',
                'store keys created per step',
                keyBars.map((b) => ({
                  label: b.step,
                  share: b.share,
                  count: b.count,
                  value: fmtInt(b.count),
                  tone: 'k-keys',
                })),
              )}
            </div>`
          : null
      }
      ${dataTable(
        report.store
          ? `each step and the store keys it created (prefix ${report.store.prefix ?? '(all keys)'})`
          : 'each step',
        [
          { head: 'step' },
          { head: 'request' },
          { head: 'status', numeric: true },
          ...(report.store ? [{ head: 'keys created', numeric: true }] : []),
        ],
        report.steps.map((s) => [
          s.step,
          html`<code>${s.method} ${s.url}</code>`,
          s.status ?? '—',
          ...(report.store ? [s.keysCreated ?? '—'] : []),
        ]),
      )}
    </section>
    ${
      report.har
        ? html`<section class="block har">
            <h2>HAR replay <code>${report.har.file}</code></h2>
            ${
              report.har.sanitized
                ? html`<p class="problems">the HAR has no Cookie/Set-Cookie/Authorization (a sanitized export?)</p>`
                : null
            }
            ${dataTable(
              'each replayed entry',
              [
                { head: '#', numeric: true },
                { head: 'request' },
                { head: 'status', numeric: true },
                { head: 'preflight' },
                { head: 'minted a session' },
                { head: 'keys created', numeric: true },
              ],
              report.har.entries.map((e) => [
                e.index,
                html`<code>${e.method} ${e.url}</code>`,
                e.skipped ? `skipped: ${e.skipped}` : (e.status ?? '—'),
                e.preflight ? 'yes' : '',
                e.minted ? 'yes' : '',
                e.keysCreated ?? '—',
              ]),
            )}
          </section>`
        : null
    }`;
}
