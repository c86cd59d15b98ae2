import { ExitCode } from '../../errors.js';
import { SCAN_SPEC } from '../../options/scan.js';
import type { ScanOptions } from '../../scan/types.js';
import type { RegisterCommand } from './index.js';
import { addLayoutOptions, layoutSpecs, type LayoutFlags } from '../layout-options.js';
import { addSpecOptions, specValues } from '../spec-options.js';

export const registerScan: RegisterCommand = (program, run) => {
  const cmd = program
    .command('scan')
    .description('find orphaned, empty, never-read and never-expiring sessions without disturbing them')
    .argument(
      '<store-url>',
      'redis[s]://, valkey[s]://, redis[s]+cluster://, redis[s]+sentinel://, memcached://, memory://, or an RDB dump: ./dump.rdb, dump.rdb.gz, rdb:///abs/path (the s is TLS; sessctl --help lists the TLS options)',
    );
  addSpecOptions(cmd, SCAN_SPEC);
  addLayoutOptions(cmd)
    .addHelpText(
      'after',
      `
Formats: table (default on a TTY), json (default when piped; schema sessctl-scan/1), ndjson (one line per key, then {"summary": …}), html (one self-contained page with charts).
--output FORMAT=FILE writes another format beside stdout; ndjson files get every key too, streamed as the scan goes.

Examples:
  $ sessctl scan redis://localhost:6379
  $ sessctl scan redis://:secret@cache:6379/2 --match 'sess:*' --min-age 1h --format json
  $ sessctl scan redis+cluster://10.0.0.1:7000,10.0.0.2:7000 --rate 20k/s
  $ sessctl scan 'rediss://:secret@cache:6380?cacert=/etc/ssl/redis-ca.pem'   over TLS, trusting the server's CA
  $ sessctl scan memcached://mc1:11211,mc2:11211 --format ndjson > keys.ndjson
  $ sessctl scan ./dump.rdb                                 offline, from a dump (redis-cli --rdb on a replica): no load on production
  $ sessctl scan redis://localhost:6379 --format table --output ndjson=keys.ndjson   read the table, keep every key
  $ sessctl scan redis://localhost:6379 --fail-on high     exit 1 when half of a prefix is orphans
  $ sessctl scan memcached://mc1:11211 --layout 'session_{id}' --layout 'session_{md5(token)}'   a custom session layer, as the probe's storeKeys name it

Custom session layers are also detected without --layout: a prefix whose keys end in ids (uuid, hex or
base64url of 16+ characters) or whose name says session, holding objects, is reported as framework generic,
but clean never deletes from it unless --layout or --match names it.

Exit codes: 0 no findings at --fail-on · 1 findings · 2 bad arguments · 3 incomplete (unreachable, node down, interrupted)`,
    )
    .action((given: string, flags: LayoutFlags & Record<string, unknown>) =>
      run(async (ctx) => {
        const layouts = layoutSpecs(flags);
        const options = specValues(SCAN_SPEC, flags);
        const { storeUrlArg } = await import('../store-url-arg.js');
        const url = await storeUrlArg(ctx, given);
        const { openDumpEarly } = await import('../../scan/open-early.js');
        const dump = await openDumpEarly(url, { layouts, signal: ctx.signal });
        try {
          const { scan, scanOpened } = await import('../../scan/scan.js');
          const { scanRenderers } = await import('../../report/scan-renderers.js');
          const { renderScanRecordLine } = await import('../../report/scan-json.js');
          const { emitReport, loadRenderers, openOutputs, withOutputs } = await import('../output.js');
          const { NdjsonSink } = await import('../ndjson-sink.js');
          const { meetsFailOn } = await import('../../severity.js');
          const formats = await loadRenderers(ctx, scanRenderers, { tty: 'table', pipe: 'json' });
          const format = ctx.globals.format ?? (ctx.stdout.isTTY ? 'table' : 'json');
          // Files exist before the walk: a bad path exits 2 with nothing scanned, ndjson ones stream.
          const outputs = await openOutputs(ctx, [], { secrets: options.showKeys });
          const targets = [
            ...(format === 'ndjson' ? [{ stream: ctx.stdout }] : []),
            ...outputs.filter((o) => o.format === 'ndjson'),
          ];
          const sink = targets.length > 0 ? new NdjsonSink(targets) : undefined;
          const progress = ctx.stderr.isTTY
            ? (await import('../../report/scan-progress.js')).progressReporter(ctx.stderr)
            : undefined;
          const scanOptions: ScanOptions = {
            ...options,
            layouts,
            signal: ctx.signal,
            onRecord: sink ? (r) => sink.line(renderScanRecordLine(r)) : undefined,
            // Awaited between batches: the walk waits for the slowest ndjson reader.
            onBatch: sink?.drain,
            onProgress: progress?.update,
          };
          const report = await withOutputs(outputs, () =>
            (dump ? scanOpened(dump.take(), scanOptions) : scan(url, scanOptions)).finally(() => progress?.done()),
          );
          await emitReport(ctx, report, formats, { tty: 'table', pipe: 'json' }, outputs);
          if (!report.complete) return ExitCode.incomplete;
          return report.findings.some((f) => meetsFailOn(f.severity, ctx.globals.failOn))
            ? ExitCode.findings
            : ExitCode.ok;
        } finally {
          dump?.abandon();
        }
      }),
    );
};
