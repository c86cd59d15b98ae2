import { Option } from 'commander';
import type { RegisterCommand } from './index.js';
import { durationArg, paceArg } from '../options.js';

interface WatchFlags {
  interval: number;
  rate?: number | 'max';
  match?: string;
  listen?: string;
  duration?: number;
}

const FORMATS = ['text', 'ndjson'] as const;

export const registerWatch: RegisterCommand = (program, run) => {
  program
    .command('watch')
    .description(
      'live per-prefix session creation and expiry rates, from O(1) counters and a gentle sample; Prometheus /metrics',
    )
    .argument(
      '<store-url>',
      'redis[s]://, valkey[s]://, redis[s]+cluster://, redis[s]+sentinel://, memcached:// (a live store; not an RDB dump)',
    )
    .addOption(
      new Option('--interval <duration>', 'time between two readings (and ndjson records)')
        .default(5000, '5s')
        .argParser(durationArg),
    )
    .addOption(
      new Option(
        '--rate <keys/s|max>',
        'keys per second the sample may read over all nodes (default 200/s: well under 1% of a core)',
      ).argParser(paceArg),
    )
    .option('--match <glob>', 'sample only keys matching this glob (the counters still cover the whole database)')
    .option('--listen <host:port>', 'serve Prometheus text format at http://HOST:PORT/metrics (port 0: any free port)')
    .addOption(
      new Option(
        '--duration <duration>',
        'stop after this long and print the summary (default: until Ctrl-C)',
      ).argParser(durationArg),
    )
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
    .action((given: string, flags: WatchFlags) =>
      run(async (ctx) => {
        const { ExitCode, UsageError } = await import('../../errors.js');
        const format = ctx.globals.format ?? (ctx.stdout.isTTY ? 'text' : 'ndjson');
        if (!(FORMATS as readonly string[]).includes(format))
          throw new UsageError(`--format ${format}: watch writes ${FORMATS.join(' or ')}`);
        if (ctx.globals.output.length)
          throw new UsageError('--output does not apply to watch: it streams', {
            hint: 'redirect stdout: sessctl watch URL --format ndjson > rates.ndjson',
          });
        if (flags.interval < 100) throw new UsageError(`--interval must be at least 100ms`);
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

        const stop = flags.duration === undefined ? undefined : timeoutSignal(ctx.signal, flags.duration);
        const signal = stop?.signal ?? ctx.signal;
        const history = new WatchHistory();
        const live = format === 'text' && ctx.stdout.isTTY === true;
        const render = { color: ctx.globals.color, width: terminalWidth(ctx.stdout) };
        let metrics: Awaited<ReturnType<typeof serveMetrics>> | undefined;
        try {
          for await (const event of watch(url, {
            intervalMs: flags.interval,
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
