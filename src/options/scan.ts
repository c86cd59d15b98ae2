import type { LayoutSpec } from '../frameworks/layout.js';
import { parseDuration } from '../parse.js';
import { defaulted, option } from './option-spec.js';
import { parsePace, parsePositiveCount } from './parsers.js';

/** `--min-age`: shared by scan, inspect and clean, so its default lives here once. */
export const MIN_AGE = defaulted<number>({
  flags: '--min-age <duration>',
  help: 'orphans must be at least this old',
  parse: (v) => parseDuration(v),
  default: 5 * 60_000,
  defaultLabel: '5m',
  config: {
    key: 'minAge',
    schema: { $ref: '#/$defs/duration', description: 'Sessions younger than this are never counted as orphans.' },
  },
});

/** `--stale`: shared by scan, inspect and clean. */
export const STALE = defaulted<number>({
  flags: '--stale <duration>',
  help: 'idle longer than this is stale',
  parse: (v) => parseDuration(v),
  default: 7 * 86_400_000,
  defaultLabel: '7d',
  config: {
    key: 'stale',
    schema: { $ref: '#/$defs/duration', description: 'Idle time after which a session is stale.' },
  },
});

/** `--rate` of scan and clean: one parser and config form, each command its own help. */
export function paceOption(help: string) {
  return option<number | 'max'>({
    flags: '--rate <keys/s|max>',
    help,
    parse: parsePace,
    config: {
      key: 'rate',
      schema: {
        anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { enum: ['max'] }],
        description:
          'Keys per second at most, or "max" to run flat out; absent: adaptive, by the server\'s latency. As --rate.',
      },
    },
  });
}

/**
 * `sessctl scan`'s options, keyed as `scan()` takes them (`ScanOptions`). The `--layout` flags are
 * in `options/layout.ts` (scan, inspect and clean share them); a config names layouts in `layouts`.
 */
export const SCAN_SPEC = {
  match: option<string>({
    flags: '--match <glob>',
    help: 'only keys matching this glob (Redis MATCH syntax), e.g. "sess:*"',
    config: {
      key: 'match',
      schema: { type: 'string', minLength: 1, description: 'Key pattern, as in SCAN MATCH (e.g. "sess:*").' },
    },
  }),
  layouts: defaulted<LayoutSpec[]>({
    default: [],
    config: {
      key: 'layouts',
      schema: {
        type: 'array',
        description:
          "Custom session layers (a session interface of your own, like the second seed's Flask app): their keys are sessions of framework generic, and clean may act on them. A template holds one placeholder where the id goes: {id}, or {md5(token)}, {sha1(token)}, {sha256(token)}, {sha512(token)} for a hashed id, as `sessctl probe --store` reports in model.storeKeys. An object adds the payload keys that identify a user (userKeys) and those the layer writes itself (metadataKeys).",
        items: { $ref: '#/$defs/layout' },
      },
      read: (layouts: Array<string | LayoutSpec>) => layouts.map((l) => (typeof l === 'string' ? { template: l } : l)),
    },
  }),
  minAgeMs: MIN_AGE,
  staleMs: STALE,
  rate: paceOption(
    'keys per second over all nodes (e.g. 20k/s), or max; default: adaptive, backs off when the server slows',
  ),
  count: option<number>({
    flags: '--count <n>',
    help: 'keys per SCAN call / batch (default: 250 on Redis/Valkey, 1000 on memcached)',
    parse: parsePositiveCount,
    config: {
      key: 'count',
      schema: {
        type: 'integer',
        minimum: 1,
        description: 'Keys per SCAN call / batch (default 250 on Redis/Valkey, 1000 on memcached). As --count.',
      },
    },
  }),
  values: defaulted<boolean>({
    flags: '--no-values',
    help: 'do not read payloads (keeps idle times intact on Redis < 7.2; no empty/anonymous classes)',
    default: true,
    config: {
      key: 'values',
      schema: {
        type: 'boolean',
        description:
          'Read payloads (default {default}); false is --no-values: idle times stay intact on Redis < 7.2, but no empty/anonymous classes.',
      },
    },
  }),
  showKeys: defaulted<boolean>({
    flags: '--show-keys',
    help: 'print full keys instead of redacted ones',
    default: false,
    config: {
      key: 'showKeys',
      schema: {
        type: 'boolean',
        description: "Full keys instead of redacted ones in the JSON report's examples. As --show-keys.",
      },
    },
  }),
};
