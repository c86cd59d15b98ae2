import { fmtBytes, fmtInt, fmtShare } from '../format-number.js';
import type { ClassBar } from './class-bars.js';
import { html, type Html } from './html.js';

const LABEL = 92;
const BAR = 200;
const ROW = 22;
const WIDTH = LABEL + BAR + 120;

/**
 * A horizontal bar per class, as long as its share of the sessions. Hand-written SVG: a few hundred
 * bytes a chart, no script, prints and renders offline. Each bar is a `rect.bar` (the browser
 * tests count them); colours come from the page's CSS so dark mode and print restyle them.
 */
export function classChartSvg(bars: readonly ClassBar[], label: string): Html {
  const height = bars.length * ROW + 4;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    const w = Math.round(b.share * BAR * 10) / 10;
    const value = `${fmtInt(b.count)} · ${fmtShare(b.share, 1)} · ${fmtBytes(b.bytes)}`;
    return html`<g
      ><text x="${LABEL - 6}" y="${y + 15}" text-anchor="end">${b.id}</text
      ><rect class="track" x="${LABEL}" y="${y + 3}" width="${BAR}" height="${ROW - 6}" /><rect
        class="bar k-${b.id}"
        data-count="${b.count}"
        x="${LABEL}"
        y="${y + 3}"
        width="${w}"
        height="${ROW - 6}"
        ><title>${b.id}: ${value}</title></rect
      ><text x="${LABEL + BAR + 6}" y="${y + 15}">${value}</text></g
    >`;
  });
  return html`<svg
    class="chart classes"
    data-chart="classes"
    role="img"
    aria-label="${label}"
    viewBox="0 0 ${WIDTH} ${height}"
    width="${WIDTH}"
    height="${height}"
  >
    ${rows}
  </svg>`;
}
