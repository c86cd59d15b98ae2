/**
 * A renderer turns a report into text; it never decides what to report.
 * `width`: the columns prose wraps at (the terminal's, or 80 when unknown).
 */
export type Renderer<R> = (report: R, options: { color: boolean; width?: number }) => string;

/**
 * A renderer loaded when its format is chosen: a CLI run is a fresh process, and a JSON scan
 * should not parse the table's and the HTML page's modules (chalk, cli-table3…) to print JSON.
 */
export type LazyRenderer<R> = () => Promise<Renderer<R>>;
