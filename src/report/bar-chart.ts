const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A horizontal bar `width` cells wide at full scale, with eighth-cell resolution. */
export function hbar(fraction: number, width = 20): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8]!;
  const bar = '█'.repeat(full) + part;
  return bar + ' '.repeat(Math.max(0, width - full - (part ? 1 : 0)));
}

/** One character per count, scaled to the largest; zero is a dot so empty buckets stay visible. */
export function sparkline(counts: number[]): string[] {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (c === 0 || max === 0 ? '·' : SPARKS[Math.min(7, Math.floor((c / max) * 7.999))]!));
}

/** The cells of a labelled sparkline: the bucket labels, and under each its spark (`<1m 1–5m` / `█ ▃`). */
export function sparklineCells(buckets: Array<{ label: string; count: number }>): [string[], string[]] {
  return [buckets.map((b) => b.label), sparkline(buckets.map((b) => b.count))];
}
