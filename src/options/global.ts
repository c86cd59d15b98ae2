import { UsageError } from '../errors.js';
import { SEVERITIES, type FailOn } from '../severity.js';
import { defaulted, option } from './option-spec.js';

export interface OutputTarget {
  format: string;
  file: string;
}

const FAIL_ON = [...SEVERITIES, 'none'] as const;

/** The options every command takes, before its name: `sessctl --format json scan …`. */
export const GLOBAL_SPEC = {
  format: option<string>({
    flags: '--format <format>',
    help: 'output format on stdout (per command: table, text, json, ndjson, junit, sarif, github, html)',
  }),
  output: defaulted<OutputTarget[]>({
    flags: '--output <FORMAT=FILE>',
    help: 'also write the report in FORMAT to FILE (repeatable)',
    parse: (v, prev = []) => {
      const eq = v.indexOf('=');
      if (eq <= 0 || eq === v.length - 1) throw new UsageError('use FORMAT=FILE, e.g. --output junit=report.xml');
      return [...prev, { format: v.slice(0, eq), file: v.slice(eq + 1) }];
    },
    default: [],
  }),
  failOn: defaulted<FailOn>({
    flags: '--fail-on <severity>',
    help: `exit 1 on findings at or above: ${FAIL_ON.join(', ')}`,
    parse: (v) => {
      if (!(FAIL_ON as readonly string[]).includes(v)) throw new UsageError(`use one of ${FAIL_ON.join(', ')}`);
      return v as FailOn;
    },
    default: 'medium',
  }),
  color: defaulted<boolean>({
    flags: '--no-color',
    help: 'disable colors (also NO_COLOR=1; colors are only used on a TTY)',
    default: true,
  }),
  verbose: defaulted<boolean>({ flags: '--verbose', help: 'print progress details and full errors', default: false }),
  passwordFile: option<string>({
    flags: '--password-file <file>',
    help: 'read the Redis/Valkey password from FILE, so it is not in argv (also: REDISCLI_AUTH, or env:NAME as the store URL)',
  }),
};
