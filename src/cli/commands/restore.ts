import { RESTORE_SPEC } from '../../options/restore.js';
import type { SpecValues } from '../../options/option-spec.js';
import type { RegisterCommand } from './index.js';
import { addSpecOptions } from '../spec-options.js';

type RestoreFlags = SpecValues<typeof RESTORE_SPEC>;

/**
 * `sessctl restore <backup> [store-url]`: puts a clean's backup back, keeping keys that exist unless
 * --replace. The file is checked and the target shown (and asked about on a terminal) before
 * anything is written.
 */
export const registerRestore: RegisterCommand = (program, run) => {
  const cmd = program
    .command('restore')
    .description('put the sessions of a clean backup back exactly (value, expiry, idle time)')
    .argument('<backup>', 'a backup file written by sessctl clean')
    .argument(
      '[store-url]',
      "where to restore (default: the store recorded in the backup; required when that store's URL had credentials)",
    );
  addSpecOptions(cmd, RESTORE_SPEC)
    .addHelpText(
      'after',
      `
Formats: text (default), json (schema sessctl-restore/1).

Examples:
  $ sessctl restore ./sessctl-backup-localhost_6379-20261122T050000Z.ndjson
  $ REDISCLI_AUTH=secret sessctl restore backup.ndjson redis://cache:6379/2 --yes
  $ sessctl restore backup.ndjson --replace --yes --format json

Every line of a backup is signed (HMAC-SHA256 chain) with the key the clean kept beside it
(<backup>.key, mode 0600); an unsigned or changed file is refused. Only keys under the session
prefixes the clean recorded, holding a string or a hash, are written. Expired entries are skipped and counted; existing keys are kept and listed; a corrupt or truncated
line is reported with its line number and everything else is restored.

Exit codes: 0 restored · 2 bad arguments, unreadable, unsigned or changed file, not confirmed · 3 incomplete (unreachable, interrupted, failed or refused entries, corrupt lines)`,
    )
    .action((file: string, given: string | undefined, flags: RestoreFlags) =>
      run(async (ctx) => {
        const { storeUrlArg, storePassword } = await import('../store-url-arg.js');
        const url = given === undefined ? undefined : await storeUrlArg(ctx, given);
        // Without a URL the header names the store; a password from outside argv still applies.
        const password = given === undefined ? await storePassword(ctx) : undefined;
        const { ExitCode, UsageError } = await import('../../errors.js');
        const { backupKeySource } = await import('../backup-key-source.js');
        const { confirm } = await import('../confirm.js');
        const { restore } = await import('../../clean/restore.js');
        const { renderRestoreText, renderRestoreJson } = await import('../../report/restore-text.js');
        const { emitReport, checkFormats, openOutputs, withOutputs } = await import('../output.js');
        const { refuseOutputOnto } = await import('../refuse-output-onto.js');
        const { fmtInt } = await import('../../report/format-number.js');
        const formats = { text: renderRestoreText, json: renderRestoreJson };
        checkFormats(ctx, formats);
        await refuseOutputOnto(ctx, file, 'the backup being restored');
        const interactive = !flags.yes;
        if (interactive && !((ctx.stdin as { isTTY?: boolean }).isTTY && ctx.stderr.isTTY)) {
          throw new UsageError('restore needs --yes when stdin is not a terminal', {
            hint: `check the target first: sessctl restore ${file} asks on a terminal`,
          });
        }
        // Report files exist before the first key is written back: a bad path exits 2 with nothing restored.
        const outputs = await openOutputs(ctx, [], { secrets: flags.showKeys === true });
        // Progress on stderr, only on a terminal.
        const { restoreProgressReporter } = await import('../../report/restore-progress.js');
        const progress = ctx.stderr.isTTY === true ? restoreProgressReporter(ctx.stderr) : undefined;
        const report = await withOutputs(outputs, () =>
          restore(file, {
            url,
            password,
            replace: flags.replace,
            showKeys: flags.showKeys,
            backupKey: backupKeySource(flags.backupKey, ctx.env),
            trustUnsigned: flags.trustUnsigned,
            confirm: async (plan) => {
              const what =
                `${fmtInt(plan.entries)} sessions (prefixes: ${
                  plan.prefixes
                    .slice(0, 10)
                    .map((p) => JSON.stringify(p))
                    .join(', ') || 'none'
                }${plan.prefixes.length > 10 ? ` and ${fmtInt(plan.prefixes.length - 10)} more` : ''}) into ${plan.store.url}` +
                (plan.replace ? ', replacing existing keys' : '') +
                (plan.verified ? '' : ' from an UNVERIFIED backup');
              if (!interactive) {
                ctx.stderr.write(`sessctl: restoring ${what}\n`);
                return true;
              }
              progress?.done();
              return confirm(ctx, `Restore ${what}? [y/N] `);
            },
            signal: ctx.signal,
            onProgress: progress?.update,
          }).finally(() => progress?.done()),
        );
        await emitReport(ctx, report, formats, { tty: 'text', pipe: 'text' }, outputs);
        return !report.complete || report.errors > 0 || report.refused > 0 || report.corrupt.length > 0
          ? ExitCode.incomplete
          : ExitCode.ok;
      }),
    );
};
