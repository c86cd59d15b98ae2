import type { CheckReport, TargetOutcome } from '../../check/check-report.js';
import { fmtInt } from '../format-number.js';
import { checkMatrix } from './check-matrix.js';
import { html, type Html } from './html.js';
import { fact, page } from './page.js';
import { stackedBarSvg } from './stacked-bar-svg.js';
import { statusSegments } from './status-segments.js';

const MARK = { pass: '✓', fail: '✗', skip: '–', unknown: '?', error: '!' } as const;

/** `--format html` for check: the targets × items matrix, each failure linked to its rule's docs, then each target's failures. */
export function renderCheckHtml(report: CheckReport): string {
  const s = report.summary;
  return page({
    title: `sessctl check${report.config ? ` — ${report.config}` : ''}`,
    subtitle: `${fmtInt(s.targets)} targets · fail on ${report.failOn} · exit ${s.exitCode} · ${(report.durationMs / 1000).toFixed(1)}s${report.complete ? '' : ' · INCOMPLETE'}`,
    body: html`<section class="summary" aria-label="summary">
        <div class="facts">
          ${fact(fmtInt(s.targets), 'targets')}${fact(fmtInt(s.findings), 'findings')}${fact(
            fmtInt(s.failing),
            'failing the run',
          )}${fact(s.highest ?? 'none', 'highest severity')}${fact(fmtInt(s.incomplete), 'incomplete')}${fact(
            s.exitCode,
            'exit code',
          )}
        </div>
      </section>
      <section class="block">
        <h2>items by status, per target</h2>
        ${stackedBarSvg(
          'target-statuses',
          'items by status per target',
          report.targets.map((t) => ({ label: t.name, segments: statusSegments(t.items.map((i) => i.status)) })),
        )}
      </section>
      ${matrix(report)} ${report.targets.map(targetSection)}`,
  });
}

function matrix(report: CheckReport): Html {
  const m = checkMatrix(report);
  return html`<section class="block">
    <h2>targets × items</h2>
    <table class="data matrix">
      <caption>
        ✓ pass · ✗ fail (linked to the rule's documentation) · ? unknown · – skip · ! error
      </caption>
      <thead>
        <tr>
          <th scope="col">item</th>
          ${m.targets.map((t) => html`<th scope="col">${t.name} <span class="muted">${t.kind}</span></th>`)}
        </tr>
      </thead>
      <tbody>
        ${m.ids.map(
          (id, row) =>
            html`<tr>
              <th scope="row"><code>${id}</code></th>
              ${m.cells[row]!.map((item) => {
                if (!item) return html`<td class="cell muted"></td>`;
                const mark = html`<span class="st-${item.status}" title="${item.status}: ${item.message}"
                  >${MARK[item.status]}${item.ignored ? ' (ignored)' : ''}</span
                >`;
                return html`<td class="cell" data-status="${item.status}">
                  ${item.docs ? html`<a href="${item.docs}">${mark}</a>` : mark}
                </td>`;
              })}
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function targetSection(t: TargetOutcome): Html {
  const failed = t.items.filter((i) => i.status === 'fail' || i.status === 'error');
  const where = t.kind === 'probe' ? t.url : t.store;
  return html`<section class="block target" data-target="${t.name}">
    <h2>
      ${t.name} <span class="muted">${t.kind} · <code>${where}</code> · ${t.ref}</span>
    </h2>
    ${
      t.errors.length
        ? html`<ul class="problems">
            ${t.errors.map((e) => html`<li>${e}</li>`)}
          </ul>`
        : null
    }
    ${
      failed.length === 0
        ? html`<p class="holds">nothing failed</p>`
        : html`<table class="data findings">
            <thead>
              <tr>
                <th>severity</th>
                <th>item</th>
                <th>what</th>
                <th>fix</th>
              </tr>
            </thead>
            <tbody>
              ${failed.map(
                (i) =>
                  html`<tr data-id="${i.id}">
                    <td class="sev sev-${i.severity ?? 'info'}">
                      ${i.severity ?? i.status}${i.failing ? '' : ' (not failing)'}
                    </td>
                    <td>${i.docs ? html`<a href="${i.docs}"><code>${i.id}</code></a>` : html`<code>${i.id}</code>`}</td>
                    <td>${i.message}${i.note ? html`<br /><span class="muted">${i.note}</span>` : null}</td>
                    <td>${i.fix ?? ''}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}
