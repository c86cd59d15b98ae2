import { fmtInt } from '../format-number.js';
import { html, type Html } from './html.js';
import type { StatusSegment } from './status-segments.js';

const LABEL = 170;
const BAR = 320;
const ROW = 24;

/**
 * One bar per row, split into its statuses (`rect.seg`, one per status present): statuses do not
 * overlap, so unlike the class chart these segments add up to the whole bar.
 */
export function stackedBarSvg(
  chart: string,
  label: string,
  rows: ReadonlyArray<{ label: string; segments: readonly StatusSegment[] }>,
): Html {
  const width = LABEL + BAR + 8;
  const height = rows.length * ROW + 4;
  const drawn = rows.map((r, i) => {
    const y = i * ROW + 2;
    let x = LABEL;
    const segs = r.segments.map((s) => {
      const w = Math.round(s.share * BAR * 10) / 10;
      const seg = html`<rect
          class="seg st-${s.status}"
          data-status="${s.status}"
          data-count="${s.count}"
          x="${x}"
          y="${y + 3}"
          width="${w}"
          height="${ROW - 6}"
          ><title>${r.label}: ${fmtInt(s.count)} ${s.status}</title></rect
        >${w >= 24 ? html`<text class="on-seg" x="${x + w / 2}" y="${y + 16}" text-anchor="middle">${fmtInt(s.count)}</text>` : null}`;
      x += w;
      return seg;
    });
    return html`<g
      ><text x="${LABEL - 6}" y="${y + 16}" text-anchor="end"
        >${r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label}</text
      ><rect class="track" x="${LABEL}" y="${y + 3}" width="${BAR}" height="${ROW - 6}" />${segs}</g
    >`;
  });
  return html`<svg
    class="chart stacked"
    data-chart="${chart}"
    role="img"
    aria-label="${label}"
    viewBox="0 0 ${width} ${height}"
    width="${width}"
    height="${height}"
  >
    ${drawn}
  </svg>`;
}
