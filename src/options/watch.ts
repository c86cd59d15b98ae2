import { UsageError } from '../errors.js';
import { parseDuration } from '../parse.js';
import { defaulted, option } from './option-spec.js';
import { parsePace } from './parsers.js';

/**
 * `sessctl watch`'s options, keyed as `watch()` takes them (`WatchOptions`), plus the CLI's own
 * `listen` and `durationMs`. No config keys: `sessctl check` runs no watch.
 */
export const WATCH_SPEC = {
  intervalMs: defaulted<number>({
    flags: '--interval <duration>',
    help: 'time between two readings (and ndjson records)',
    parse: (v) => {
      const ms = parseDuration(v);
      if (ms < 100) throw new UsageError(`--interval must be at least 100ms`);
      return ms;
    },
    default: 5000,
    defaultLabel: '5s',
  }),
  rate: defaulted<number | 'max'>({
    flags: '--rate <keys/s|max>',
    help: 'keys per second the sample may read over all nodes, or max (about 3 cheap commands a key)',
    parse: parsePace,
    default: 200,
    defaultLabel: '200/s',
  }),
  match: option<string>({
    flags: '--match <glob>',
    help: 'sample only keys matching this glob (the counters still cover the whole database)',
  }),
  listen: option<string>({
    flags: '--listen <host:port>',
    help: 'serve Prometheus text format at http://HOST:PORT/metrics (port 0: any free port)',
  }),
  durationMs: option<number>({
    flags: '--duration <duration>',
    help: 'stop after this long and print the summary (default: until Ctrl-C)',
    parse: (v) => parseDuration(v),
  }),
};
