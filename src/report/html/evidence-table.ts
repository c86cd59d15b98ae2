import type { Evidence } from '../../probe/types.js';
import { html, type Html } from './html.js';

/**
 * The request a finding rests on and the response it got, headers and all. They were redacted
 * when recorded (cookie values, tokens); the server chose the response headers, so they are
 * escaped like any other data.
 */
export function evidenceTable(e: Evidence): Html {
  const headerRows = (headers: Record<string, string | string[]>) =>
    Object.entries(headers).flatMap(([name, v]) =>
      (Array.isArray(v) ? v : [v]).map(
        (value) =>
          html`<tr>
            <td>${name}</td>
            <td><code>${value}</code></td>
          </tr>`,
      ),
    );
  return html`<table class="data evidence">
    <caption>
      evidence: step ${e.step}
    </caption>
    <tbody>
      <tr>
        <th colspan="2">request <code>${e.request.method} ${e.request.url}</code></th>
      </tr>
      ${headerRows(e.request.headers)}
      <tr>
        <th colspan="2">response ${e.response ? html`<code>${e.response.status}</code>` : '(none)'}</th>
      </tr>
      ${e.response ? headerRows(e.response.headers) : null}
    </tbody>
  </table>`;
}
