import { DECODE_SPEC } from '../../options/decode.js';
import type { SpecValues } from '../../options/option-spec.js';
import { addSpecOptions } from '../spec-options.js';
import type { RegisterCommand } from './index.js';

/**
 * `sessctl decode [FILE|-]`: one payload through exactly the pipeline the scan uses (detect →
 * decode → framework semantics). An undecodable payload is a result (exit 0, state
 * `undecodable` with the reason); only an unreadable input is an error (exit 2).
 */
export const registerDecode: RegisterCommand = (program, run) => {
  const cmd = program
    .command('decode')
    .description(
      'decode one stored session payload and say what it means (framework, empty / anonymous / authenticated, created-at)',
    )
    .argument('[file]', 'payload file, or - for stdin (the default when stdin is not a terminal)');
  addSpecOptions(cmd, DECODE_SPEC)
    .addHelpText(
      'after',
      `
Output formats (global --format): text (default), json.

Examples:
  $ redis-cli --raw GET sess:abc | head -c -1 | sessctl decode --key sess:abc
  $ sessctl decode payload.bin --key 'session:Zx9q…' --format json
  $ sessctl decode test/fixtures/node/express-session/authenticated.bin --show-values
  $ sessctl decode --hash session.hash.json --key spring:session:sessions:0f3c…

Exit codes: 0 decoded or undecodable (a result, see "state") · 2 unreadable input or bad option`,
    )
    .action((given: string | undefined, opts: SpecValues<typeof DECODE_SPEC>) =>
      run(async (ctx) => {
        const { readPayload, parseHashJson } = await import('../read-payload.js');
        const { interpret } = await import('../../frameworks/interpret.js');
        const { buildDecodeReport } = await import('../../frameworks/decode-report.js');
        const { renderDecodeJson, renderDecodeText } = await import('../../report/decode-text.js');
        const { emitReport, checkFormats, openOutputs, withOutputs } = await import('../output.js');
        const { refuseOutputOnto } = await import('../refuse-output-onto.js');
        const { ExitCode } = await import('../../errors.js');
        const formats = { text: renderDecodeText, json: renderDecodeJson };
        checkFormats(ctx, formats);
        // Waiting for a payload typed at a terminal looks like a hang, and zero bytes decode as an
        // (empty) PHP session: say what decode wants instead. An explicit - still reads the terminal.
        if (given === undefined && (ctx.stdin as { isTTY?: boolean }).isTTY) {
          const { UsageError } = await import('../../errors.js');
          throw new UsageError('decode needs a payload: give a FILE, or pipe the stored value in', {
            hint: 'redis-cli --raw GET <key> | head -c -1 | sessctl decode --key <key>',
          });
        }
        const file = given ?? '-';
        if (file !== '-') await refuseOutputOnto(ctx, file, 'the payload being decoded');
        // Report files exist before stdin is read: a bad path exits 2 without consuming the payload.
        const outputs = await openOutputs(ctx, [], { secrets: opts.showValues });
        const report = await withOutputs(outputs, async () => {
          const bytes = await readPayload(file, ctx.stdin);
          const store = opts.flags === undefined ? undefined : ('memcached' as const);
          const meaning = interpret(
            opts.hash
              ? { key: opts.key, hash: parseHashJson(bytes, file) }
              : { key: opts.key, bytes, flags: opts.flags, store },
          );
          return buildDecodeReport(meaning, { key: opts.key, bytes: bytes.length, showValues: opts.showValues });
        });
        await emitReport(ctx, report, formats, { tty: 'text', pipe: 'text' }, outputs);
        return ExitCode.ok;
      }),
    );
};
