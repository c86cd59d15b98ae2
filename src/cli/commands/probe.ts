import type { RegisterCommand } from './index.js';
import { UsageError } from '../../errors.js';
import { MECHANISMS, PROBE_SPEC } from '../../options/probe.js';
import type { ProbeRequestLog } from '../../probe/options.js';
import { addSpecOptions, specValues } from '../spec-options.js';

export const registerProbe: RegisterCommand = (program, run) => {
  const cmd = program
    .command('probe')
    .description(
      'replay preflight, cookie and token requests against a running app and report how it really handles sessions',
    )
    .argument('[url]', 'the endpoint to probe, e.g. http://localhost:3000/api/me (optional with --har)');
  addSpecOptions(cmd, PROBE_SPEC)
    .addHelpText(
      'after',
      `
Formats: text (default on a TTY), json (default when piped; schema sessctl-probe/1), junit, sarif (2.1.0), github, html (one self-contained page)
(workflow annotations). Write several at once with --output FORMAT=FILE. Cookie values, tokens and the --login body's values are redacted.

Examples:
  $ sessctl probe http://localhost:3000/api/me
  $ sessctl probe http://localhost:3000/api/me --store redis://localhost:6379     prove preflights store sessions
  $ sessctl probe https://staging.example.com/api/me --origin https://app.example.com --ttl 30s
  $ sessctl probe http://localhost:8080/ --token-header Authorization --expect cookie,header
                                                  tokens sent as Authorization: Bearer <token>
  $ sessctl probe http://localhost:3000/api/me --logout 'POST /logout'            the old session must not work after logout
  $ sessctl probe http://localhost:3000/api/me --logout 'DELETE /api/session'     method and path of your logout
  $ sessctl probe http://localhost:3000/api/me --login 'POST /login {"user":"demo","password":"demo"}'
                                                  log in when the app makes sessions only at login; the id must change
  $ sessctl probe http://localhost:3000/api/me --login 'POST /login @login.json' --logout 'POST /logout'
  $ sessctl probe http://localhost:3000/ --login 'POST /login username=demo&password=demo'
                                                  a login form (sent URL-encoded, as a browser posts it)
  $ sessctl probe http://localhost:8000/api/me --login 'POST /accounts/login/ csrfmiddlewaretoken={csrf}&username=demo&password=demo'
                                                  {csrf}: the token from the login page, which is read first
  $ sessctl probe --har session.har --store memcached://localhost:11211
  $ sessctl probe http://localhost:3000/ --format github --output sarif=probe.sarif --output junit=probe.xml
  $ sessctl probe http://localhost:3000/api/me --save-har probe.har               attach to a bug report (secrets redacted)
  $ sessctl probe --har probe.har                                                 re-run those requests later
  $ sessctl probe http://localhost:3000/api/me --save-har live.har --show-secrets  keep ids and tokens (treat as a credential)

Exit codes: 0 no finding at --fail-on (default medium) · 1 findings · 2 bad arguments · 3 target or store unreachable, timeout, interrupted`,
    )
    .action((url: string | undefined, parsed: Record<string, unknown>) =>
      run(async (ctx) => {
        const flags = specValues(PROBE_SPEC, parsed);
        if (!url && !flags.har) throw new UsageError('missing URL: sessctl probe <url> (or --har FILE)');
        const bad = flags.expect.find((m) => !(MECHANISMS as readonly string[]).includes(m));
        if (bad) throw new UsageError(`invalid --expect "${bad}": use cookie, header or body`);
        if (flags.showSecrets && !flags.saveHar)
          throw new UsageError('--show-secrets only applies to --save-har', {
            hint: 'reports always redact secrets; add --save-har FILE',
          });
        for (const [flag, given] of [
          ['--logout', flags.logout],
          ['--login', flags.login],
        ] as const) {
          if (flags.har && given !== undefined)
            throw new UsageError(`${flag} applies when probing a URL; a --har replay sends only the recorded requests`);
        }
        if (flags.har) {
          const { resolve } = await import('node:path');
          const clobbered = [flags.saveHar, ...ctx.globals.output.map((o) => o.file)].find(
            (f) => f !== undefined && resolve(f) === resolve(flags.har!),
          );
          if (clobbered)
            throw new UsageError(`${clobbered} is the --har input: writing to it would destroy it`, {
              hint: 'save to another file, e.g. --save-har replay.har',
            });
        }
        const { probe } = await import('../../probe/run-probe.js');
        const { probeExitCode } = await import('../../probe/exit-code.js');
        const { renderers } = await import('../../report/probe-renderers.js');
        const { emitReport, checkFormats, openOutputs, closeOutputs, finishOutput } = await import('../output.js');
        const { VERSION } = await import('../../version.js');
        const formats = renderers(ctx.globals.failOn, VERSION);
        checkFormats(ctx, formats);
        const { storeUrlArg } = await import('../store-url-arg.js');
        const store = flags.store === undefined ? undefined : await storeUrlArg(ctx, flags.store);
        // Every file exists before the first request: a bad path exits 2 with nothing sent.
        const opened = await openOutputs(
          ctx,
          flags.saveHar ? [{ format: 'har', file: flags.saveHar, mode: flags.showSecrets ? 0o600 : 0o666 }] : [],
          { secrets: flags.showSecrets === true },
        );
        const outputs = opened.filter((o) => !o.extra);
        const harFile = opened.find((o) => o.extra);
        let sent: ProbeRequestLog | undefined;
        const saveHar = async () => {
          if (!harFile) return;
          // A probe that sent nothing (refused or unreachable store) leaves no file.
          if (!sent?.sent.length) return closeOutputs([harFile]);
          const { buildHar, renderHar } = await import('../../probe/har-writer.js');
          await finishOutput(harFile, renderHar(buildHar(sent, { version: VERSION, showSecrets: flags.showSecrets })));
        };
        const { progressLine } = await import('../../report/progress-line.js');
        const line = ctx.stderr.isTTY ? progressLine(ctx.stderr) : undefined;
        const { saveHar: _saveHar, showSecrets: _showSecrets, ...options } = flags;
        let report;
        try {
          report = await probe(
            {
              ...options,
              url: url ?? '',
              store,
              onStep: line ? (step) => line.show(`probing: ${step}`) : undefined,
              onRequests: (log) => (sent = log),
            },
            ctx.signal,
          );
        } catch (err) {
          // A probe that failed is worth a HAR most of all: it shows what was sent and what did not answer.
          await Promise.allSettled([saveHar(), closeOutputs(outputs)]);
          throw err;
        } finally {
          line?.clear();
        }
        await saveHar();
        await emitReport(ctx, report, formats, { tty: 'text', pipe: 'json' }, outputs);
        const summaryFile = ctx.env.GITHUB_STEP_SUMMARY;
        if (summaryFile && [ctx.globals.format, ...ctx.globals.output.map((o) => o.format)].includes('github')) {
          const { appendFile } = await import('node:fs/promises');
          const { renderGithubSummary } = await import('../../report/github-summary.js');
          const { probeCiRun } = await import('../../report/probe-ci.js');
          await appendFile(summaryFile, renderGithubSummary(probeCiRun(report, ctx.globals.failOn, VERSION)));
        }
        return probeExitCode(report, ctx.globals.failOn);
      }),
    );
};
