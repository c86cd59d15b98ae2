import type { RegisterCommand } from './index.js';

/** `sessctl restore <backup> [store-url]`: puts a clean's backup back, keeping keys that exist unless --replace. */
export const registerRestore: RegisterCommand = (program, run) => {
  program
    .command('restore')
    .description('put the sessions of a clean backup back exactly (value, expiry, idle time)')
    .argument('<backup>', 'a backup file written by sessctl clean')
    .argument('[store-url]', "where to restore (default: the store recorded in the backup; required when that store's URL had credentials)")
    .option('--replace', 'overwrite keys that exist (RESTORE … REPLACE / memcached set)')
    .option('--show-keys', 'print full keys instead of redacted ones')
    .addHelpText(
      'after',
      `
Formats: text (default), json (schema sessctl-restore/1).

Examples:
  $ sessctl restore ./sessctl-backup-localhost_6379-20261122T050000Z.ndjson
  $ sessctl restore backup.ndjson redis://:secret@cache:6379/2
  $ sessctl restore backup.ndjson --replace --format json

Expired entries are skipped and counted; existing keys are kept and listed; a corrupt or truncated
line is reported with its line number and everything else is restored.

Exit codes: 0 restored · 2 bad arguments or unreadable file · 3 incomplete (unreachable, interrupted, failed entries, corrupt lines)`,
    )
    .action((file: string, url: string | undefined, flags: { replace?: boolean; showKeys?: boolean }) =>
      run(async (ctx) => {
        const { ExitCode } = await import('../../errors.js');
        const { restore } = await import('../../clean/restore.js');
        const { renderRestoreText, renderRestoreJson } = await import('../../report/restore-text.js');
        const { emitReport, checkFormats, openOutputs, withOutputs } = await import('../output.js');
        const { refuseOutputOnto } = await import('../refuse-output-onto.js');
        const { fmtInt } = await import('../../report/format-number.js');
        const formats = { text: renderRestoreText, json: renderRestoreJson };
        checkFormats(ctx, formats);
        await refuseOutputOnto(ctx, file, 'the backup being restored');
        // Report files exist before the first key is written back: a bad path exits 2 with nothing restored.
        const outputs = await openOutputs(ctx);
        // Progress on stderr, only on a terminal.
        const tty = ctx.stderr.isTTY === true;
        const report = await withOutputs(outputs, () =>
          restore(file, {
            url,
            replace: flags.replace,
            showKeys: flags.showKeys,
            signal: ctx.signal,
            onProgress: tty ? (p) => ctx.stderr.write(`\r\x1b[2Krestoring ${fmtInt(p.done)}/${fmtInt(p.total)}`) : undefined,
          }).finally(() => tty && ctx.stderr.write('\r\x1b[2K')),
        );
        await emitReport(ctx, report, formats, { tty: 'text', pipe: 'text' }, outputs);
        return !report.complete || report.errors > 0 || report.corrupt.length > 0 ? ExitCode.incomplete : ExitCode.ok;
      }),
    );
};
