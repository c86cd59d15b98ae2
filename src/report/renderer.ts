/**
 * A renderer turns a report into text; it never decides what to report.
 * `width`: the columns prose wraps at (the terminal's, or 80 when unknown).
 */
export type Renderer<R> = (report: R, options: { color: boolean; width?: number }) => string;
