import type { THRESHOLD_CLASSES } from '../options/config-schema.js';
import type { ConfigValues, SpecValues } from '../options/option-spec.js';
import type { Mechanism, PROBE_SPEC } from '../options/probe.js';
import type { SCAN_SPEC } from '../options/scan.js';
import type { SCAN_TARGET_SPEC } from '../options/check.js';
import type { FailOn } from '../severity.js';

export { THRESHOLD_CLASSES } from '../options/config-schema.js';
export type ThresholdClass = (typeof THRESHOLD_CLASSES)[number];

/** A `sessctl check` config after validation: defaults applied, durations in ms, env expanded. */
export interface CheckConfig {
  /** Absolute path of the file it came from; reports anchor SARIF results there. */
  file: string | undefined;
  failOn: FailOn | undefined;
  probes: ProbeTarget[];
  scans: ScanTarget[];
}

interface TargetBase {
  /** Position in its array, e.g. `probes[1]`, as the config names it. */
  index: number;
  name: string;
  /** 1-based line in the config file where the target is declared, for SARIF and annotations. */
  line: number | undefined;
  failOn: FailOn | undefined;
  timeoutMs: number;
}

/** The probe options a config target sets, keyed as `probe()` takes them (options/probe.ts). */
export type ProbeSettings = ConfigValues<typeof PROBE_SPEC>;

export interface ProbeTarget extends TargetBase {
  kind: 'probe';
  url: string;
  /** Check ids reported but never failing the run. */
  ignore: string[];
  expect: Mechanism[];
  /** Write the probe's requests as HAR 1.2 here (`--save-har`); `showSecrets` keeps live ids in it (mode 0600). */
  saveHar: string | undefined;
  showSecrets: boolean;
  /** What the target sets of `sessctl probe`'s options; `options.timeoutMs` is per request, `timeoutMs` bounds the target. */
  options: ProbeSettings;
}

/**
 * A scan target: the scan options it sets (options/scan.ts; unset ones left out, so the scan's
 * defaults apply) and its gate (options/check.ts, defaults applied).
 */
export interface ScanTarget extends TargetBase, ConfigValues<typeof SCAN_SPEC>, SpecValues<typeof SCAN_TARGET_SPEC> {
  kind: 'scan';
  store: string;
  maxShare: Partial<Record<ThresholdClass, number>>;
  maxCount: Partial<Record<ThresholdClass, number>>;
}

export type CheckTarget = ProbeTarget | ScanTarget;
