import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CHECK_SPEC } from '../options/check.js';
import { CLEAN_SPEC } from '../options/clean.js';
import { DECODE_SPEC } from '../options/decode.js';
import { DEMO_SPEC } from '../options/demo.js';
import { GLOBAL_SPEC } from '../options/global.js';
import { INSPECT_SPEC } from '../options/inspect.js';
import { RESTORE_SPEC } from '../options/restore.js';
import { LAYOUT_SPEC } from '../options/layout.js';
import { specDefaults, type CommandSpec } from '../options/option-spec.js';
import { PROBE_SPEC } from '../options/probe.js';
import { SCAN_SPEC } from '../options/scan.js';
import { addSpecOptions, specValues } from './spec-options.js';

const SPECS: Array<[string, CommandSpec]> = [
  ['scan', SCAN_SPEC],
  ['probe', PROBE_SPEC],
  ['check', CHECK_SPEC],
  ['layout', LAYOUT_SPEC],
  ['clean', CLEAN_SPEC],
  ['inspect', INSPECT_SPEC],
  ['restore', RESTORE_SPEC],
  ['decode', DECODE_SPEC],
  ['demo', DEMO_SPEC],
  ['global', GLOBAL_SPEC],
];

function parse(spec: CommandSpec, argv: string[]) {
  const cmd = addSpecOptions(new Command('x').exitOverride().configureOutput({ writeErr: () => {} }), spec);
  cmd.parse(argv, { from: 'user' });
  return specValues(spec, cmd.opts());
}

describe('commander options from a spec', () => {
  it.each(SPECS)('%s: with no flags, every flag has its spec default (or none)', (_name, spec) => {
    const flagged = Object.fromEntries(Object.entries(spec).filter(([, e]) => e.flags));
    const defaults = specDefaults(flagged) as Record<string, unknown>;
    const values = parse(spec, []) as Record<string, unknown>;
    for (const name of Object.keys(flagged)) expect(values[name], name).toEqual(defaults[name]);
  });

  it('keys the parsed values as the core names them, parsed by the spec', () => {
    expect(parse(SCAN_SPEC, ['--min-age', '1h', '--no-values', '--rate', 'max'])).toMatchObject({
      minAgeMs: 3_600_000,
      staleMs: 604_800_000,
      values: false,
      rate: 'max',
    });
    expect(
      parse(PROBE_SPEC, ['--timeout', '2s', '--max-body', '1kb', '--expect', 'cookie', '--expect', 'body']),
    ).toMatchObject({
      timeoutMs: 2000,
      maxBodyBytes: 1024,
      expect: ['cookie', 'body'],
    });
  });

  it('replaces a list default rather than adding to it, and adds up repeats', () => {
    expect(parse(CLEAN_SPEC, []).classes).toEqual(['empty']);
    expect(parse(CLEAN_SPEC, ['--class', 'stale']).classes).toEqual(['stale']);
    expect(parse(CLEAN_SPEC, ['--class', 'stale,no-ttl', '--class', 'empty']).classes).toEqual([
      'stale',
      'no-ttl',
      'empty',
    ]);
  });

  it('collects --output FORMAT=FILE from its empty default', () => {
    expect(parse(GLOBAL_SPEC, ['--output', 'junit=a.xml', '--output', 'sarif=b.sarif']).output).toEqual([
      { format: 'junit', file: 'a.xml' },
      { format: 'sarif', file: 'b.sarif' },
    ]);
  });

  it('keeps one value for --backup FILE and --no-backup', () => {
    expect(parse(CLEAN_SPEC, ['--backup', 'b.ndjson'])).toMatchObject({ backup: 'b.ndjson' });
    expect(parse(CLEAN_SPEC, ['--no-backup'])).toMatchObject({ backup: false });
    expect(parse(CLEAN_SPEC, [])).toMatchObject({ backup: undefined });
  });

  it("turns a parser's UsageError into commander's usage error (exit 2 with its message)", () => {
    expect(() => parse(SCAN_SPEC, ['--count', '0'])).toThrow(/use a whole number of at least 1/);
  });
});
