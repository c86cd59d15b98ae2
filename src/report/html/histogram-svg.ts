import { fmtInt } from '../format-number.js';
import type { HistogramBar } from './histogram-bars.js';
import { html, type Html } from './html.js';

const COL = 54;
const PLOT = 70;
const TOP = 14;

/** A column per bucket (`rect.bar`, empty buckets at height 0), its count above and its label below. */
export function histogramSvg(name: string, bars: readonly HistogramBar[]): Html {
  const width = bars.length * COL;
  const height = TOP + PLOT + 18;
  const cols = bars.map((b, i) => {
    const x = i * COL;
    const h = Math.round(b.height * PLOT * 10) / 10;
    const y = TOP + PLOT - h;
    return html`<g
      ><rect class="bar" data-count="${b.count}" x="${x + 6}" y="${y}" width="${COL - 12}" height="${h}"
        ><title>${name} ${b.label}: ${fmtInt(b.count)}</title></rect
      >${b.count > 0 ? html`<text class="count" x="${x + COL / 2}" y="${y - 3}" text-anchor="middle">${fmtInt(b.count)}</text>` : null}<text
        x="${x + COL / 2}"
        y="${TOP + PLOT + 13}"
        text-anchor="middle"
        >${b.label}</text
      ></g
    >`;
  });
  return html`<svg
    class="chart histogram"
    data-chart="histogram-${name}"
    role="img"
    aria-label="${name} histogram"
    viewBox="0 0 ${width} ${height}"
    width="${width}"
    height="${height}"
  >
    <line class="axis" x1="0" x2="${width}" y1="${TOP + PLOT + 0.5}" y2="${TOP + PLOT + 0.5}" />
    ${cols}
  </svg>`;
}
