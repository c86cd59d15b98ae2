import { DEMO_SPEC } from '../../options/demo.js';
import type { SpecValues } from '../../options/option-spec.js';
import type { RegisterCommand } from './index.js';
import { addSpecOptions } from '../spec-options.js';

export const registerDemo: RegisterCommand = (program, run) => {
  const cmd = program
    .command('demo')
    .description(
      'the whole story in seconds: a naive app and a sessctl-middleware app, same traffic, probed and scanned side by side',
    );
  addSpecOptions(cmd, DEMO_SPEC)
    .addHelpText(
      'after',
      `
Examples:
  $ sessctl demo                                   nothing to install: in-process store, free ports
  $ sessctl demo --format json                     the figures and the full probe and scan reports
  $ sessctl demo --output html=demo.html           the two apps side by side in one page
  $ sessctl demo --store redis://localhost:6379    on a real Redis; it prints the sessctl scan command for the keys it left
  $ sessctl demo --serve                           then: sessctl probe http://127.0.0.1:PORT/api/me

Exit code: 0 when the demo ran (the naive app's findings are what it shows, not a failure);
2 on bad options; 3 when it could not run (e.g. --store unreachable).`,
    )
    .action((options: SpecValues<typeof DEMO_SPEC>) =>
      run(async (ctx) => {
        const { ExitCode, UsageError } = await import('../../errors.js');
        const { demoRenderers } = await import('../../report/demo-renderers.js');
        const { emitReport, checkFormats, openOutputs, withOutputs } = await import('../output.js');
        checkFormats(ctx, demoRenderers);
        if (options.store !== undefined) {
          const { parseStoreUrl } = await import('../../stores/store-url.js');
          const kind = parseStoreUrl(options.store).kind;
          if (kind === 'redis-sentinel')
            throw new UsageError(
              "sessctl demo --store does not support redis+sentinel://: use the master's redis:// URL",
            );
        }
        if (options.serve) {
          // --serve prints two URLs and runs until stopped: there is no report to write.
          if (ctx.globals.output.length > 0)
            throw new UsageError('--output does not apply to demo --serve: it writes no report', {
              hint: 'run sessctl demo --output FORMAT=FILE without --serve',
            });
          const { serveDemo } = await import('../../demo/serve-demo.js');
          await serveDemo({
            ...(options.store ? { store: options.store } : {}),
            signal: ctx.signal,
            stdout: ctx.stdout,
            stderr: ctx.stderr,
          });
          return ExitCode.ok;
        }
        const { runDemo } = await import('../../demo/run-demo.js');
        // One line rewritten per stage, cleared before the report: the report is what stays on screen.
        const { progressLine } = await import('../../report/progress-line.js');
        const line = ctx.stderr.isTTY ? progressLine(ctx.stderr) : undefined;
        const progress = line ? (stage: string) => line.show(`${stage}…`) : undefined;
        // Report files exist before the apps start: a bad path exits 2 with no keys written to --store.
        const outputs = await openOutputs(ctx);
        const report = await withOutputs(outputs, () =>
          runDemo({
            ...(options.store ? { store: options.store } : {}),
            signal: ctx.signal,
            ...(progress ? { onStage: progress } : {}),
          }).finally(() => line?.clear()),
        );
        await emitReport(ctx, report, demoRenderers, { tty: 'text', pipe: 'text' }, outputs);
        return ExitCode.ok;
      }),
    );
};
