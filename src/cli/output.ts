import { writeFile } from 'node:fs/promises';
import { SessctlError, UsageError } from '../errors.js';
import type { CliContext } from './context.js';

/** A renderer turns a report into text; it never decides what to report. */
export type Renderer<R> = (report: R, options: { color: boolean }) => string;

/**
 * Writes a report in the chosen `--format` to stdout and in every `--output FORMAT=FILE` to its
 * file. Formats are checked before anything is written so a typo costs nothing.
 */
export async function emitReport<R>(
  ctx: CliContext,
  report: R,
  renderers: Record<string, Renderer<R>>,
  defaults: { tty: string; pipe: string },
): Promise<void> {
  const format = ctx.globals.format ?? (ctx.stdout.isTTY ? defaults.tty : defaults.pipe);
  checkFormats(ctx, renderers);
  for (const { format: f, file } of ctx.globals.output) {
    try {
      await writeFile(file, renderers[f]!(report, { color: false }));
    } catch (cause) {
      throw new SessctlError('SESSCTL_FILE', `cannot write ${f} report to ${file}: ${(cause as Error).message}`, { cause });
    }
  }
  const text = renderers[format]!(report, { color: ctx.globals.color });
  await write(ctx.stdout, text.endsWith('\n') || text === '' ? text : `${text}\n`);
}

/**
 * Refuses a --format or --output format the command cannot render. Commands call it before any
 * work, so a typo exits 2 with nothing done (not after a clean has already deleted keys).
 */
export function checkFormats(ctx: CliContext, renderers: Record<string, unknown>): void {
  const known = Object.keys(renderers);
  for (const f of [ctx.globals.format, ...ctx.globals.output.map((o) => o.format)]) {
    if (f !== undefined && !Object.hasOwn(renderers, f)) throw new UsageError(`unknown format "${f}" for this command: use one of ${known.join(', ')}`);
  }
}

/** Writes with backpressure so output over 64 kB survives a pipe that closes late. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(text)) resolve();
    else {
      stream.once('drain', resolve);
      stream.once('error', reject);
    }
  });
}
