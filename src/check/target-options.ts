import { isDeepStrictEqual } from 'node:util';
import type { ProbeOptions } from '../probe/options.js';
import type { PROBE_SPEC } from '../options/probe.js';
import { SCAN_SPEC } from '../options/scan.js';
import type { ScanOptions } from '../scan/types.js';
import type { ProbeTarget, ScanTarget } from './config.js';

/** ProbeOptions a person sets (the hooks are the CLI's or the tests'). */
type ProbeSetting = Exclude<keyof ProbeOptions, 'url' | 'onStep' | 'onRequests' | 'sleep'>;
/** ScanOptions a person sets. */
type ScanSetting = Exclude<keyof ScanOptions, 'signal' | 'onRecord' | 'onProgress' | 'onBatch'>;

/**
 * A new probe or scan option does not build until its spec entry exists, and so until a config can
 * set it (issue 20: `storePrefix` was "not a known field").
 */
type Unset<Setting, Spec> = Exclude<Setting, keyof Spec>;
const everyProbeSettingHasASpec: [Unset<ProbeSetting, typeof PROBE_SPEC>] extends [never] ? true : never = true;
const everyScanSettingHasASpec: [Unset<ScanSetting, typeof SCAN_SPEC>] extends [never] ? true : never = true;
void everyProbeSettingHasASpec;
void everyScanSettingHasASpec;

/** The probe options a config target asks for (unset ones left out, so the probe's defaults apply). */
export function probeOptionsOf(t: ProbeTarget): ProbeOptions {
  // Written by the check beside the probe (default-engines.ts), not options of probe().
  const { saveHar: _saveHar, showSecrets: _showSecrets, ...options } = t.options;
  return { url: t.url, ...options };
}

/** The scan options a config target asks for (unset ones left out, so the scan's defaults apply). */
export function scanOptionsOf(t: ScanTarget): Omit<ScanOptions, 'signal'> {
  return Object.fromEntries(
    Object.keys(SCAN_SPEC).flatMap((name) => {
      const value = t[name as keyof typeof SCAN_SPEC];
      const unset = value === undefined || isDeepStrictEqual(value, SCAN_SPEC[name as keyof typeof SCAN_SPEC].default);
      return unset ? [] : [[name, value]];
    }),
  );
}
