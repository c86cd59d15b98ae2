import { randomBytes } from 'node:crypto';
import { constants, renameSync, type WriteStream } from 'node:fs';
import { access, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { SessctlError, UsageError } from '../errors.js';
import type { LazyRenderer, Renderer } from '../report/renderer.js';
import { terminalWidth } from '../report/wrap.js';
import { write } from '../write.js';
import type { CliContext } from './context.js';

/** An `--output FORMAT=FILE` opened before the work, so a bad path costs nothing (exit 2). */
export interface OutputFile {
  format: string;
  file: string;
  stream: Writable;
  /** A file the command asked for itself (e.g. --save-har), not an --output report. */
  extra?: boolean;
  /**
   * Where the bytes go until the run has something to keep: a private sibling renamed over the
   * real path at the end, so a run that fails or is refused leaves last run's report as it was.
   * Undefined for a device or pipe (`/dev/stdout`, a FIFO), which is written in place.
   */
  temp?: { path: string; target: string };
  /** The first write error; reported once, as SESSCTL_FILE. */
  error?: Error;
}

/**
 * Writes a report in the chosen `--format` to stdout and in every `--output FORMAT=FILE` to its
 * file. Formats are checked before anything is written so a typo costs nothing. Files already
 * opened with {@link openOutputs} (which may hold streamed ndjson records) get the rendered report
 * appended and are closed.
 */
export async function emitReport<R>(
  ctx: CliContext,
  report: R,
  renderers: Record<string, Renderer<R>>,
  defaults: { tty: string; pipe: string },
  opened?: OutputFile[],
): Promise<void> {
  const format = ctx.globals.format ?? (ctx.stdout.isTTY ? defaults.tty : defaults.pipe);
  checkFormats(ctx, renderers);
  if (opened) {
    // Every file is finished even when one fails; the first failure is reported.
    const results = await Promise.allSettled(
      opened.filter((o) => !o.extra).map((out) => finishOutput(out, renderers[out.format]!(report, { color: false }))),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } else {
    for (const { format: f, file } of ctx.globals.output) {
      try {
        await writeFile(file, renderers[f]!(report, { color: false }));
      } catch (cause) {
        throw outputFileError(f, file, cause);
      }
    }
  }
  const text = renderers[format]!(report, { color: ctx.globals.color, width: terminalWidth(ctx.stdout) });
  await write(ctx.stdout, text.endsWith('\n') || text === '' ? text : `${text}\n`);
}

/**
 * Refuses a --format or --output format the command cannot render. Commands call it before any
 * work, so a typo exits 2 with nothing done (not after a clean has already deleted keys).
 */
export function checkFormats(ctx: CliContext, renderers: Record<string, unknown>): void {
  const known = Object.keys(renderers);
  for (const f of [ctx.globals.format, ...ctx.globals.output.map((o) => o.format)]) {
    if (f !== undefined && !Object.hasOwn(renderers, f))
      throw new UsageError(`unknown format "${f}" for this command: use one of ${known.join(', ')}`);
  }
}

/**
 * Checks the formats as {@link checkFormats} does, then loads the renderers of only the formats this
 * run writes (`--format`, or the default for a TTY or a pipe, and each `--output`), for
 * {@link emitReport}.
 */
export async function loadRenderers<R>(
  ctx: CliContext,
  lazy: Record<string, LazyRenderer<R>>,
  defaults: { tty: string; pipe: string },
): Promise<Record<string, Renderer<R>>> {
  checkFormats(ctx, lazy);
  const format = ctx.globals.format ?? (ctx.stdout.isTTY ? defaults.tty : defaults.pipe);
  const chosen = [...new Set([format, ...ctx.globals.output.map((o) => o.format)])];
  return Object.fromEntries(await Promise.all(chosen.map(async (f) => [f, await lazy[f]!()] as const)));
}

/** Mode of a report that holds unredacted secrets (--show-keys, --show-values): the user's alone. */
export const SECRET_FILE_MODE = 0o600;

/**
 * Creates every `--output` file before the work starts: an unwritable path or a file named twice
 * exits 2 with nothing done, and streamed formats (ndjson) can write records as they come. With
 * `secrets` (the run shows live keys or values) every report file is created, or narrowed, to 0600.
 */
export async function openOutputs(
  ctx: CliContext,
  extra: Array<{ format: string; file: string; mode?: number }> = [],
  { secrets = false }: { secrets?: boolean } = {},
): Promise<OutputFile[]> {
  const reportMode = secrets ? SECRET_FILE_MODE : undefined;
  const all: Array<{ format: string; file: string; mode?: number; extra?: boolean }> = [
    ...ctx.globals.output.map((o) => ({ ...o, mode: reportMode })),
    ...extra.map((e) => ({ ...e, mode: e.mode ?? reportMode, extra: true })),
  ];
  const seen = new Set<string>();
  for (const { file } of all) {
    const path = resolve(file);
    if (seen.has(path)) throw new UsageError(`${file} is given twice as an output: give each output its own file`);
    seen.add(path);
  }
  const opened: OutputFile[] = [];
  try {
    for (const o of all) {
      const out = await openOutput(o.format, o.file, o.mode);
      if (o.extra) out.extra = true;
      opened.push(out);
    }
  } catch (err) {
    await closeOutputs(opened);
    throw err;
  }
  return opened;
}

/**
 * Opens one report file; errors become SESSCTL_FILE (exit 2). A regular file (or a new one) is
 * written as a private sibling and renamed into place when the run ends, so nothing that was
 * there is lost before the run has something to replace it with.
 */
async function openOutput(format: string, file: string, mode = 0o666): Promise<OutputFile> {
  let handle;
  let temp: OutputFile['temp'];
  try {
    const existing = await stat(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (existing && !existing.isFile()) {
      // A device or pipe (/dev/stdout, a FIFO) keeps nothing: its mode is not ours to narrow.
      handle = await open(file, 'w', mode);
    } else {
      // Through a symlink to the file it names: the link stays a link.
      const target = existing ? await realpath(file) : resolve(file);
      if (existing) await access(target, constants.W_OK);
      const path = join(
        dirname(target),
        `.${basename(target)}.sessctl-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
      );
      handle = await open(path, 'wx', mode);
      temp = { path, target };
      // A replaced report keeps its permissions, unless the caller asks for a narrower mode.
      if (mode !== 0o666) await handle.chmod(mode);
      else if (existing) await handle.chmod(existing.mode & 0o777);
    }
  } catch (cause) {
    await handle?.close();
    if (temp) await rm(temp.path, { force: true });
    throw outputFileError(format, file, cause);
  }
  const out: OutputFile = { format, file, stream: handle.createWriteStream(), temp };
  out.stream.on('error', (err) => (out.error ??= err));
  return out;
}

/**
 * Puts a file that starts streaming (ndjson records) at its real path now, so it can be followed
 * while the run goes on; until its first byte, a failed run leaves the old file alone.
 */
export function publishOutput(out: { temp?: OutputFile['temp']; error?: Error }): void {
  if (!out.temp) return;
  try {
    renameSync(out.temp.path, out.temp.target);
  } catch (err) {
    out.error ??= err as Error;
  }
  out.temp = undefined;
}

/**
 * Ends files after a failed run: what was streamed stays, as it would have on stdout; a file that
 * got nothing is dropped, leaving whatever was at its path before the run untouched.
 */
export async function closeOutputs(opened: OutputFile[]): Promise<void> {
  await Promise.allSettled(
    opened.map(async (o) => {
      await endStream(o.stream);
      const empty = (o.stream as WriteStream).bytesWritten === 0;
      if (o.temp) await (empty ? rm(o.temp.path, { force: true }) : rename(o.temp.path, o.temp.target));
    }),
  );
}

/**
 * Runs the command's work with its outputs open: if the work fails, the outputs are closed (what
 * was streamed stays, untouched ones leave the old file) before the error goes on.
 */
export async function withOutputs<T>(outputs: OutputFile[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await closeOutputs(outputs);
    throw err;
  }
}

/** Appends the final text, flushes and closes; a write error surfaces here as SESSCTL_FILE. */
export async function finishOutput(out: OutputFile, text: string): Promise<void> {
  try {
    if (out.error) throw out.error;
    if (text !== '') await write(out.stream, text);
    await endStream(out.stream);
    if (out.error) throw out.error;
    if (out.temp) await rename(out.temp.path, out.temp.target);
  } catch (cause) {
    out.stream.destroy();
    if (out.temp) await rm(out.temp.path, { force: true });
    throw outputFileError(out.format, out.file, cause);
  }
}

function endStream(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.closed || stream.destroyed) return resolve();
    stream.once('error', reject);
    stream.once('close', () => resolve());
    stream.end();
  });
}

const WHY: Record<string, string> = {
  ENOENT: 'no such directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is not a directory',
};

/** SESSCTL_FILE (exit 2) naming the report file and why, in words. */
export function outputFileError(format: string, file: string, cause: unknown): SessctlError {
  const code = (cause as NodeJS.ErrnoException).code;
  const why = (code && WHY[code]) ?? (cause as Error).message;
  return new SessctlError('SESSCTL_FILE', `cannot write ${format} report to ${file}: ${why}`, {
    cause,
    hint: 'give --output a path in a writable directory',
  });
}
