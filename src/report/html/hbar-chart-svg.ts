import { html, type Html } from './html.js';

/** One bar: its label, its length as a share (0–1) of the full bar, and the text beside it. */
export interface HBar {
  label: string;
  share: number;
  count: number;
  /** Shown beside the bar and in its tooltip, e.g. "30 · 79% · 3.0 KiB". */
  value: string;
  /** CSS class that colours it (`k-empty`, `st-fail`). */
  tone?: string;
}

const LABEL = 110;
const BAR = 200;
const ROW = 22;

/**
 * Horizontal bars on a track. Hand-written SVG: a few hundred bytes a chart, no script, prints
 * and renders offline. Each bar is a `rect.bar` (the browser tests count them); colours come from
 * the page's CSS, so dark mode and print restyle them.
 */
export function hbarChartSvg(chart: string, label: string, bars: readonly HBar[]): Html {
  const width = LABEL + BAR + 130;
  const height = bars.length * ROW + 4;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    const w = Math.round(Math.max(0, Math.min(1, b.share)) * BAR * 10) / 10;
    return html`<g
      ><text x="${LABEL - 6}" y="${y + 15}" text-anchor="end">${b.label}</text
      ><rect class="track" x="${LABEL}" y="${y + 3}" width="${BAR}" height="${ROW - 6}" /><rect
        class="bar ${b.tone ?? ''}"
        data-count="${b.count}"
        x="${LABEL}"
        y="${y + 3}"
        width="${w}"
        height="${ROW - 6}"
        ><title>${b.label}: ${b.value}</title></rect
      ><text x="${LABEL + BAR + 6}" y="${y + 15}">${b.value}</text></g
    >`;
  });
  return html`<svg
    class="chart hbars"
    data-chart="${chart}"
    role="img"
    aria-label="${label}"
    viewBox="0 0 ${width} ${height}"
    width="${width}"
    height="${height}"
  >
    ${rows}
  </svg>`;
}
