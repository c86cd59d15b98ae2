import { fmtBytes, fmtInt, fmtShare } from '../format-number.js';
import { html, type Html } from './html.js';

/** The fields a scan finding and a probe finding share: enough to say what, how bad, and what to do. */
export interface ListedFinding {
  id: string;
  severity: string;
  prefix?: string;
  count?: number;
  share?: number;
  bytes?: number;
  message?: string;
  fix?: string;
  docs?: string;
}

/** Findings as given (worst first), one row each, with the fix and a link to the rule's documentation. */
export function findingList(findings: readonly ListedFinding[]): Html {
  if (!findings.length)
    return html`<section class="findings">
      <h2>findings</h2>
      <p class="holds">no findings</p>
    </section>`;
  return html`<section class="findings">
    <h2>findings</h2>
    <table class="data findings">
      <thead>
        <tr>
          <th>severity</th>
          <th>finding</th>
          <th>what</th>
          <th>fix</th>
        </tr>
      </thead>
      <tbody>
        ${findings.map(
          (f) =>
            html`<tr data-id="${f.id}">
              <td class="sev sev-${f.severity}">${f.severity}</td>
              <td>${f.docs ? html`<a href="${f.docs}"><code>${f.id}</code></a>` : html`<code>${f.id}</code>`}</td>
              <td>
                ${f.prefix !== undefined ? html`<code>${f.prefix || '(no prefix)'}</code> ` : null}${f.count !== undefined ? `${fmtInt(f.count)} sessions` : ''}${f.share !== undefined ? ` (${fmtShare(f.share, 1)})` : ''}${f.bytes ? `, ${fmtBytes(f.bytes)}` : ''}${f.message ?? ''}
              </td>
              <td>${f.fix ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
