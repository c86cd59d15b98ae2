import { parseDuration } from '../parse.js';
import type { FailOn, Severity } from '../severity.js';
import { defaulted, option } from './option-spec.js';

/**
 * `sessctl check`: its flag, and the config keys that belong to the check itself rather than to a
 * probe or scan (those come from `options/probe.ts` and `options/scan.ts`).
 */
export const CHECK_SPEC = {
  config: option<string>({
    flags: '-c, --config <file>',
    help: 'config file (default: ./sessctl.config.json, else at the git repository root)',
  }),
  failOn: option<FailOn>({
    config: {
      key: 'failOn',
      schema: {
        $ref: '#/$defs/failOn',
        description:
          'Exit 1 when a finding is at or above this severity (default "medium"). The command-line --fail-on wins over it.',
      },
    },
  }),
  timeoutMs: defaulted<number>({
    parse: (v) => parseDuration(v),
    default: 60_000,
    defaultLabel: '60s',
    config: {
      key: 'timeout',
      schema: {
        $ref: '#/$defs/duration',
        description:
          'Time limit for each probe and scan (default "{default}"); a run that hits it is incomplete (exit 3).',
      },
    },
  }),
};

/** Keys every probe and scan target has (besides its probe or scan options). */
export const TARGET_SPEC = {
  failOn: option<FailOn>({ config: { key: 'failOn', schema: { $ref: '#/$defs/failOn' } } }),
  /** Default: the config's top-level `timeout`. */
  timeoutMs: option<number>({
    parse: (v) => parseDuration(v),
    config: { key: 'timeout', schema: { $ref: '#/$defs/duration' } },
  }),
};

/** A scan target's gate: what `sessctl scan` has no flag for. */
export const SCAN_TARGET_SPEC = {
  allowEmpty: defaulted<boolean>({
    default: false,
    config: {
      key: 'allowEmpty',
      schema: {
        type: 'boolean',
        description:
          'Pass when the scan recognises no session at all. Without it, 0 sessions is unknown and exits 3: a wrong match, database or prefix would otherwise read as a pass.',
      },
    },
  }),
  maxShare: defaulted<Record<string, number>>({
    default: {},
    config: {
      key: 'maxShare',
      schema: {
        $ref: '#/$defs/classShares',
        description:
          "Largest allowed share (0–1) of all sessions per class. With thresholds, they alone gate the scan; without, the scan's own findings do.",
      },
    },
  }),
  maxCount: defaulted<Record<string, number>>({
    default: {},
    config: {
      key: 'maxCount',
      schema: { $ref: '#/$defs/classCounts', description: 'Largest allowed number of sessions per class.' },
    },
  }),
  severity: defaulted<Severity>({
    default: 'medium',
    config: {
      key: 'severity',
      schema: { $ref: '#/$defs/severity', description: 'Severity of a threshold breach (default "{default}").' },
    },
  }),
};
