import { html, type Html, type Part } from './html.js';

export interface Column {
  head: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

/**
 * The same numbers as a chart, as a plain table: for screen readers, for copy-paste into a
 * ticket, and for anyone who does not trust a bar's length.
 */
export function dataTable(caption: string, columns: readonly Column[], rows: ReadonlyArray<readonly Part[]>): Html {
  return html`<table class="data">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${columns.map((c) => html`<th scope="col" ${c.numeric ? html` class="num"` : null}>${c.head}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            ${r.map((cell, i) => (columns[i]?.numeric ? html`<td class="num">${cell}</td>` : html`<td>${cell}</td>`))}
          </tr>`,
      )}
    </tbody>
  </table>`;
}
