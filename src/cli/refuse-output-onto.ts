import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { CliContext } from './context.js';

/**
 * Refuses an `--output FORMAT=FILE` that names a file the command reads or keeps (clean's backup,
 * the backup a restore reads, decode's payload, check's config). Outputs are opened, and so
 * truncated, before the work starts: pointed at such a file they would destroy it. The same path,
 * or the same file reached by another name (a symlink or hard link), is refused with exit 2.
 *
 * @example
 * await refuseOutputOnto(ctx, './b.ndjson', 'the --backup file'); // before openOutputs(ctx)
 */
export async function refuseOutputOnto(ctx: CliContext, file: string, what: string): Promise<void> {
  const kept = await identity(file);
  for (const out of ctx.globals.output) {
    const same = resolve(out.file) === resolve(file) || (kept !== undefined && kept === (await identity(out.file)));
    if (same)
      throw new UsageError(
        `--output ${out.format}=${out.file} is ${what}: the report would overwrite it; give the report another file`,
      );
  }
}

/** Device and inode of an existing file; undefined when it does not exist (yet). */
async function identity(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}
