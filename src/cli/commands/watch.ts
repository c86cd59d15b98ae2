import { WATCH_SPEC } from '../../options/watch.js';
import type { RegisterCommand } from './index.js';
import { addSpecOptions, specValues } from '../spec-options.js';

const FORMATS = ['text', 'ndjson'] as const;

export const registerWatch: RegisterCommand = (program, run) => {
  const cmd = program
    .command('watch')
    .description(
      'live per-prefix session creation and expiry rates, from O(1) counters and a gentle sample; Prometheus /metrics',
    )
    .argument(
      '<store-url>',
      'redis[s]://, valkey[s]://, redis[s]+cluster://, redis[s]+sentinel://, memcached:// (a live store; not an RDB dump)',
    );
  addSpecOptions(cmd, WATCH_SPEC)
    .addHelpText(
      'after',
      `
Formats: text (default on a TTY: a live view redrawn every interval; Ctrl-C prints a summary),
ndjson (default when piped: one record per prefix per interval, then {"summary": …} at the end):
  {t, prefix, framework, sessions, createdPerS, expiredPerS, emptyShare, neverReadShare, sampled, error, sessionsError}
"error" is the 95% sampling error of createdPerS. Metric names and an alert rule: docs/watch.md.

It changes nothing on the server: no CONFIG SET, no keyspace notifications, no memcached "stats detail on",
and it resets no idle time (PTTL and OBJECT IDLETIME; payloads only under CLIENT NO-TOUCH / mg … u).

Examples:
  $ sessctl watch redis://localhost:6379
  $ sessctl watch redis+cluster://10.0.0.1:7000 --interval 10s --format ndjson >> rates.ndjson
  $ sessctl watch memcached://mc1:11211,mc2:11211 --listen 127.0.0.1:9464
  $ sessctl watch redis://localhost:6379 --duration 1m --format ndjson | tail -n 1   the summary only

Exit codes: 0 stopped (Ctrl-C or --duration) · 2 bad arguments · 3 store unreachable`,
    )
    .action((given: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const flags = specValues(WATCH_SPEC, raw);
        const { ExitCode, UsageError } = await import('../../errors.js');
        const format = ctx.globals.format ?? (ctx.stdout.isTTY ? 'text' : 'ndjson');
        if (!(FORMATS as readonly string[]).includes(format))
          throw new UsageError(`--format ${format}: watch writes ${FORMATS.join(' or ')}`);
        if (ctx.globals.output.length)
          throw new UsageError('--output does not apply to watch: it streams', {
            hint: 'redirect stdout: sessctl watch URL --format ndjson > rates.ndjson',
          });
        const { parseListen, serveMetrics } = await import('../metrics-server.js');
        const listen = flags.listen === undefined ? undefined : parseListen(flags.listen);
        const { storeUrlArg } = await import('../store-url-arg.js');
        const url = await storeUrlArg(ctx, given);
        const { watch } = await import('../../watch/watch.js');
        const { WatchHistory } = await import('../../watch/history.js');
        const { renderWatchFrame, renderWatchSummary } = await import('../../report/watch-text.js');
        const { renderWatchTickNdjson, renderWatchNdjsonSummary } = await import('../../report/watch-ndjson.js');
        const { renderWatchPrometheus, PROMETHEUS_CONTENT_TYPE } = await import('../../report/watch-prometheus.js');
        const { terminalWidth } = await import('../../report/wrap.js');
        const { timeoutSignal } = await import('../../timeout-signal.js');
        const { write } = await import('../../write.js');

        const stop = flags.durationMs === undefined ? undefined : timeoutSignal(ctx.signal, flags.durationMs);
        const signal = stop?.signal ?? ctx.signal;
        const history = new WatchHistory();
        const live = format === 'text' && ctx.stdout.isTTY === true;
        const render = { color: ctx.globals.color, width: terminalWidth(ctx.stdout) };
        let metrics: Awaited<ReturnType<typeof serveMetrics>> | undefined;
        try {
          for await (const event of watch(url, {
            intervalMs: flags.intervalMs,
            rate: flags.rate,
            match: flags.match,
            signal,
          })) {
            if (event.type === 'start') {
              history.facts = event.facts;
              // Served once the store answered: a scrape never sees a watch that cannot start.
              if (listen) {
                metrics = await serveMetrics(listen, () => ({
                  body: renderWatchPrometheus(history),
                  contentType: PROMETHEUS_CONTENT_TYPE,
                }));
                await write(ctx.stderr, `sessctl watch: serving ${metrics.url}\n`);
              }
              if (live) await write(ctx.stdout, `\x1b[H\x1b[2J${renderWatchFrame(history, render)}`);
              continue;
            }
            history.add(event.tick);
            if (format === 'ndjson') await write(ctx.stdout, renderWatchTickNdjson(event.tick));
            else
              await write(
                ctx.stdout,
                (live ? '\x1b[H\x1b[2J' : '') +
                  renderWatchFrame(history, { ...render, width: terminalWidth(ctx.stdout) }),
              );
          }
        } finally {
          stop?.clear();
          await metrics?.close();
        }
        await write(
          ctx.stdout,
          format === 'ndjson'
            ? renderWatchNdjsonSummary(history)
            : `${live ? '\n' : ''}${renderWatchSummary(history, render)}`,
        );
        return ExitCode.ok;
      }),
    );
};
