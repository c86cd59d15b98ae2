import { INSPECT_SPEC } from '../../options/inspect.js';
import type { RegisterCommand } from './index.js';
import { addLayoutOptions, layoutSpecs, type LayoutFlags } from '../layout-options.js';
import { addSpecOptions, specValues } from '../spec-options.js';

export const registerInspect: RegisterCommand = (program, run) => {
  const cmd = program
    .command('inspect')
    .description('decode and classify one stored session without touching it (TTL, idle time, classes)')
    .argument(
      '<store-url>',
      'redis[s]://, valkey[s]://, redis[s]+cluster://, redis[s]+sentinel://, memcached://, memory://, or an RDB dump: ./dump.rdb, dump.rdb.gz, rdb:///abs/path (the s is TLS; sessctl --help lists the TLS options)',
    )
    .argument('<key>', 'the full store key, e.g. sess:vHOoFdQ1x…');
  addSpecOptions(cmd, INSPECT_SPEC);
  addLayoutOptions(cmd)
    .addHelpText(
      'after',
      `
Output formats (global --format): text (default), json (schema sessctl-inspect/1).

Examples:
  $ sessctl inspect redis://localhost:6379 sess:vHOoFdQ1xY2…
  $ sessctl inspect ./dump.rdb sess:vHOoFdQ1xY2…            the key as the dump holds it
  $ sessctl inspect memcached://127.0.0.1:11211 'memc.sess.key.3f2a…' --format json
  $ sessctl inspect redis+cluster://10.0.0.1:7000 'spring:session:sessions:0f3c…' --show-values
  $ sessctl inspect memcached://127.0.0.1:11211 'session_e53941b4-…' --layout 'session_{id}' --layout-user user_id

Exit codes: 0 inspected · 2 bad arguments or no such key · 3 store unreachable`,
    )
    .action((given: string, key: string, commanderFlags: LayoutFlags & Record<string, unknown>) =>
      run(async (ctx) => {
        const opts = specValues(INSPECT_SPEC, commanderFlags);
        const layouts = layoutSpecs(commanderFlags);
        const { storeUrlArg } = await import('../store-url-arg.js');
        const url = await storeUrlArg(ctx, given);
        const { inspectKey } = await import('../../scan/inspect.js');
        const { renderInspectJson, renderInspectText } = await import('../../report/scan-inspect.js');
        const { emitReport, checkFormats, openOutputs, withOutputs } = await import('../output.js');
        const formats = { text: renderInspectText, json: renderInspectJson };
        checkFormats(ctx, formats);
        // Report files exist before the store is asked: a bad path exits 2, not after the lookup.
        const outputs = await openOutputs(ctx, [], { secrets: opts.showValues });
        const report = await withOutputs(outputs, () =>
          inspectKey(url, key, {
            ...opts,
            layouts,
            signal: ctx.signal,
          }),
        );
        await emitReport(ctx, report, formats, { tty: 'text', pipe: 'text' }, outputs);
        return 0;
      }),
    );
};
