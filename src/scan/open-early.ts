import { parseLayouts, type LayoutSpec } from '../frameworks/layout.js';
import type { Store } from '../stores/types.js';

/** A store being opened ahead of its scan: handed to scanOpened(), or closed by abandon(). */
export interface EarlyOpen {
  /** The open, for the scan; after this the scan closes the store. */
  take(): Promise<Store>;
  /** Closes the store if it was never taken (an error came first); never throws. */
  abandon(): void;
}

export interface OpenEarlyOptions {
  /** The scan's layouts: a bad one is the usage error (exit 2) before anything is opened, as in scan(). */
  layouts?: ReadonlyArray<string | LayoutSpec>;
  signal?: AbortSignal;
}

/**
 * Opens a dump before the scan's modules are loaded rather than after: its open starts the reader
 * thread, whose start-up (an isolate, the parser, the first read: some 60 ms) then runs beside the
 * loading of the judging, and the first batch is there when the walk begins. Its errors (no dump,
 * unreadable) wait for the scan, which reports them as its own open would. Other stores, which
 * start nothing, give undefined: the scan opens them as before. Light on purpose: the stores it
 * opens are loaded only for their kind.
 *
 * @example
 * const early = await openDumpEarly('./dump.rdb', { signal });
 * try {
 *   const { scan, scanOpened } = await import('./scan.js');
 *   report = await (early ? scanOpened(early.take(), options) : scan(url, options));
 * } finally {
 *   early?.abandon();
 * }
 */
export async function openDumpEarly(url: string, options: OpenEarlyOptions = {}): Promise<EarlyOpen | undefined> {
  parseLayouts(options.layouts);
  const { parseStoreUrl } = await import('../stores/store-url.js');
  let parsed: ReturnType<typeof parseStoreUrl>;
  try {
    parsed = parseStoreUrl(url);
  } catch {
    // the scan's own open reports a bad URL
    return undefined;
  }
  if (parsed.kind !== 'rdb') return undefined;
  const { beginOpen } = await import('../stores/from-url.js');
  // Awaited until the open is under way: begun beside the scan's modules, it waited behind them (~25 ms).
  const { opened } = await beginOpen(parsed, { signal: options.signal });
  opened.catch(() => undefined);
  let taken = false;
  return {
    take() {
      taken = true;
      return opened;
    },
    abandon() {
      // The caller already failed with its own error: a close failing too must not become an
      // unhandled rejection on top of it.
      if (!taken) opened.then((store) => store.close()).catch(() => undefined);
    },
  };
}
