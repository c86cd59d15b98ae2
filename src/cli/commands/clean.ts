import { CLEAN_SPEC } from '../../options/clean.js';
import type { RegisterCommand } from './index.js';
import { addLayoutOptions, layoutSpecs, type LayoutFlags } from '../layout-options.js';
import { addSpecOptions, specValues } from '../spec-options.js';

/**
 * `sessctl clean <store-url>`: dry run by default; `--apply` backs up each batch (fsynced) and
 * deletes it conditionally. Validation happens before the store is touched: a refused run changed
 * nothing.
 */
/** With --yes, the selected keys held before the line is printed and deleting starts (see CleanOptions.holdAtMost). */
const YES_HOLD_AT_MOST = 10_000;

export const registerClean: RegisterCommand = (program, run) => {
  const cmd = program
    .command('clean')
    .description(
      'remove orphaned sessions (default: empty ones) with a backup that restores exactly; dry run unless --apply',
    )
    .argument(
      '<store-url>',
      'redis[s]://, valkey[s]://, redis[s]+cluster://, redis[s]+sentinel://, memcached://, memory:// (the s is TLS; sessctl --help lists the TLS options)',
    );
  addSpecOptions(cmd, CLEAN_SPEC);
  addLayoutOptions(cmd)
    .addHelpText(
      'after',
      `
Formats: text (default), json (schema sessctl-clean/1), html (one self-contained page).

Examples:
  $ sessctl clean redis://localhost:6379                                 what would go (dry run)
  $ sessctl clean redis://localhost:6379 --match 'sess:*' --apply        asks, then deletes empty sessions
  $ sessctl clean redis+cluster://10.0.0.1:7000 --class empty,never-read --min-age 1h --apply --yes --rate 5k/s
  $ sessctl clean redis://localhost:6379 --fix-ttl 1d --apply --yes      give sessions without TTL one day
  $ sessctl clean memcached://mc1:11211 --apply --yes --backup mc.ndjson  rerun with the same --backup to resume
  $ sessctl clean memcached://mc1:11211 --layout 'session_{id}' --class empty --apply   a custom layer's empty sessions
  $ sessctl clean --plan-from dump.rdb redis://primary:6379 --apply      select offline from a replica's dump, delete on the primary
  $ sessctl restore mc.ndjson                                            undo (checks mc.ndjson.key, asks)

A custom session layer the scan only detected (framework generic, layout "detected") is never cleaned:
name it with --layout or --match first.

Exit codes: 0 done · 2 bad arguments or refused (no --yes without a terminal) · 3 incomplete (unreachable, interrupted, failed deletes)`,
    )
    .action((given: string, commanderFlags: LayoutFlags & Record<string, unknown>) =>
      run(async (ctx) => {
        const { storeUrlArg } = await import('../store-url-arg.js');
        const url = await storeUrlArg(ctx, given);
        const { UsageError, ExitCode } = await import('../../errors.js');
        const { CLEANABLE_CLASSES } = await import('../../clean/types.js');
        const { clean, defaultBackupPath } = await import('../../clean/clean.js');
        const { parseStoreUrl } = await import('../../stores/store-url.js');
        const { cleanRenderers } = await import('../../report/clean-renderers.js');
        const { cleanProgressReporter } = await import('../../report/clean-progress.js');
        const { emitReport, loadRenderers, openOutputs, withOutputs } = await import('../output.js');
        const { refuseOutputOnto } = await import('../refuse-output-onto.js');
        const { confirm } = await import('../confirm.js');
        const { backupKeySource } = await import('../backup-key-source.js');
        const { cleanQuestion } = await import('../../report/clean-question.js');
        const { terminalWidth, wrap } = await import('../../report/wrap.js');
        const formats = await loadRenderers(ctx, cleanRenderers, { tty: 'text', pipe: 'text' });

        const flags = specValues(CLEAN_SPEC, commanderFlags);
        const layouts = layoutSpecs(commanderFlags);
        const classes = flags.classes;
        if (classes.length === 0)
          throw new UsageError(`--class names no class: use one or more of ${CLEANABLE_CLASSES.join(', ')}`);
        for (const cl of classes) {
          if (cl === 'live') throw new UsageError('live sessions are never cleaned');
          if (!(CLEANABLE_CLASSES as readonly string[]).includes(cl))
            throw new UsageError(`unknown class "${cl}": use ${CLEANABLE_CLASSES.join(', ')}`);
        }
        const noBackup = flags.backup === false;
        if (noBackup && !(flags.apply && flags.yes))
          throw new UsageError('--no-backup is only allowed with --apply --yes', {
            hint: 'without a backup nothing can be restored; drop --no-backup',
          });
        const parsed = parseStoreUrl(url);
        const backup = noBackup
          ? null
          : typeof flags.backup === 'string'
            ? flags.backup
            : defaultBackupPath(parsed.redacted);
        // Checked on a dry run too: an existing --backup is resumed later, and opening the report truncates.
        if (backup) await refuseOutputOnto(ctx, backup, 'the backup file');
        const interactive = flags.apply && !flags.yes;
        if (interactive && !((ctx.stdin as { isTTY?: boolean }).isTTY && ctx.stderr.isTTY)) {
          throw new UsageError('--apply needs --yes when stdin is not a terminal', {
            hint: 'run the dry run first, then add --yes',
          });
        }
        // Report files exist before the question and the first delete: a bad path exits 2 with nothing done.
        const outputs = await openOutputs(ctx);
        const progress = ctx.stderr.isTTY ? cleanProgressReporter(ctx.stderr) : undefined;
        const report = await withOutputs(outputs, async () => {
          if (flags.apply && backup) ctx.stderr.write(`sessctl: backup: ${backup}\n`);
          if (noBackup) ctx.stderr.write('sessctl: warning: --no-backup: deleted sessions cannot be restored\n');
          return clean(url, {
            classes: classes as (typeof CLEANABLE_CLASSES)[number][],
            match: flags.match,
            layouts,
            minAgeMs: flags.minAgeMs,
            staleMs: flags.staleMs,
            fixTtlMs: flags.fixTtlMs,
            apply: flags.apply === true,
            backup,
            backupKey: backupKeySource(flags.backupKey, ctx.env),
            maxDelete: flags.maxDelete,
            rate: flags.rate,
            planFrom: flags.planFrom,
            signal: ctx.signal,
            onProgress: progress?.update,
            // Asked once the selection is known (what, how many, how big); --yes prints the same line, answered.
            confirm: flags.apply
              ? async (selection) => {
                  progress?.done();
                  const question = `${wrap(cleanQuestion(selection, { fixTtlMs: flags.fixTtlMs, planFrom: flags.planFrom }), terminalWidth(ctx.stderr))} `;
                  if (!interactive) return void ctx.stderr.write(`${question}yes (--yes)\n`);
                  if (!(await confirm(ctx, question))) throw new UsageError('not confirmed: nothing was deleted');
                }
              : undefined,
            // Nobody reads a --yes answer before it is given: past this many keys the clean says what it
            // selected so far and deletes as it walks, so a clean of millions stays flat in memory.
            ...(interactive ? {} : { holdAtMost: YES_HOLD_AT_MOST }),
          }).finally(() => progress?.done());
        });
        await emitReport(ctx, report, formats, { tty: 'text', pipe: 'text' }, outputs);
        return !report.complete || (report.result?.skipped.error ?? 0) > 0 ? ExitCode.incomplete : ExitCode.ok;
      }),
    );
};
