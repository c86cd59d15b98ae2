import type { Bucket } from '../../scan/types.js';
import { fmtInt, fmtShare } from '../format-number.js';
import { histogramBars } from './histogram-bars.js';
import { histogramSvg } from './histogram-svg.js';
import { html, type Html } from './html.js';

/**
 * One histogram (TTL, idle, age or size) and under it the same numbers as a table, one column per
 * bucket so the table stays as wide as the chart.
 */
export function histogramFigure(name: string, buckets: readonly Bucket[]): Html {
  const bars = histogramBars(buckets);
  return html`<figure class="hist">
    <h3>${name}</h3>
    ${histogramSvg(name, bars)}
    <table class="data">
      <caption>
        ${name}: keys per bucket
      </caption>
      <thead>
        <tr>
          <th scope="row">bucket</th>
          ${bars.map((b) => html`<th scope="col" class="num">${b.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">keys</th>
          ${bars.map((b) => html`<td class="num">${fmtInt(b.count)}</td>`)}
        </tr>
        <tr>
          <th scope="row">share</th>
          ${bars.map((b) => html`<td class="num">${fmtShare(b.share, 1)}</td>`)}
        </tr>
      </tbody>
    </table>
  </figure>`;
}
