import { CHECK_SPEC } from '../../options/check.js';
import type { RegisterCommand } from './index.js';
import { addSpecOptions } from '../spec-options.js';

export const registerCheck: RegisterCommand = (program, run) => {
  const cmd = program
    .command('check')
    .description('CI gate: run the probes and scans of a config file and fail on findings and thresholds');
  addSpecOptions(cmd, CHECK_SPEC)
    .addHelpText(
      'after',
      `
Formats (--format, and several at once with --output FORMAT=FILE): text, json, junit, sarif, github, html
(GitHub annotations; also appends a Markdown table to $GITHUB_STEP_SUMMARY when it is set).

Config (JSON; schema: schema/sessctl.config.schema.json in the package):
  {
    "failOn": "medium",
    "probes": [{ "name": "api", "url": "http://localhost:3000/api/me" }],
    "scans": [{ "name": "sessions", "store": "redis://localhost:6379", "match": "sess:*",
                "maxShare": { "never-read": 0.05, "no-ttl": 0 }, "maxCount": { "empty": 10000 } }]
  }
  Strings may read the environment: "store": "redis://:\${REDIS_PASSWORD}@redis:6379".

Examples:
  $ sessctl check
  $ sessctl check --config ci/sessctl.config.json --output junit=sessctl.xml --output sarif=sessctl.sarif
  $ sessctl check --format github --fail-on high

Exit codes: 0 nothing at or above failOn · 1 findings or thresholds breached · 2 bad config
            · 3 a target could not be probed or scanned (outranks 1)`,
    )
    .action(
      (options: { config?: string }, command: { getOptionValueSourceWithGlobals(key: string): string | undefined }) =>
        run(async (ctx) => {
          const { relative } = await import('node:path');
          const { readConfig } = await import('../../check/read-config.js');
          const { runCheck } = await import('../../check/run-check.js');
          const { checkRenderers, appendStepSummary } = await import('../../report/check-renderers.js');
          const { emitReport, checkFormats, openOutputs, withOutputs } = await import('../output.js');
          const { refuseOutputOnto } = await import('../refuse-output-onto.js');
          checkFormats(ctx, checkRenderers);
          const cwd = process.cwd();
          const config = await readConfig({ config: options.config, cwd, env: ctx.env });
          if (config.file) await refuseOutputOnto(ctx, config.file, 'the config file');
          // --fail-on on the command line wins over the config's failOn; its default does not.
          const explicit = command.getOptionValueSourceWithGlobals('failOn') === 'cli';
          // Report files exist before the first probe or scan: a bad path exits 2 with nothing run.
          const outputs = await openOutputs(ctx);
          const { progressLine } = await import('../../report/progress-line.js');
          const line = ctx.stderr.isTTY ? progressLine(ctx.stderr) : undefined;
          const onTarget = line
            ? (p: { done: number; total: number; running: string[] }) =>
                line.show(`checking ${p.done}/${p.total} targets · ${p.running.join(', ') || 'done'}`)
            : undefined;
          const report = await withOutputs(outputs, () =>
            runCheck(config, {
              failOn: explicit ? ctx.globals.failOn : undefined,
              signal: ctx.signal,
              ...(onTarget ? { onTarget } : {}),
            }).finally(() => line?.clear()),
          );
          // Repo-relative paths anchor SARIF results and annotations; a file outside stays absolute.
          if (report.config && !relative(cwd, report.config).startsWith('..'))
            report.config = relative(cwd, report.config);
          await emitReport(ctx, report, checkRenderers, { tty: 'text', pipe: 'text' }, outputs);
          const formats = [ctx.globals.format, ...ctx.globals.output.map((o) => o.format)];
          if (formats.includes('github') && ctx.env.GITHUB_STEP_SUMMARY)
            await appendStepSummary(ctx.env.GITHUB_STEP_SUMMARY, report);
          return report.summary.exitCode;
        }),
    );
};
