import type { PacingReport } from '../stores/pace.js';
import { fmtInt } from './format-number.js';

/** `paced adaptively: 18,200 keys/s on average, slowed down twice (server answers 2.4× slower …)`. */
export function pacingText(p: PacingReport): string {
  const mean = `${fmtInt(p.meanKeysPerS)} keys/s on average`;
  if (p.mode === 'max') return `ran flat out (--rate max): ${mean}`;
  if (p.mode === 'fixed') return `held to ${fmtInt(p.budget ?? 0)}/s: ${mean}`;
  if (!p.slowdowns.length) return `paced adaptively: ${mean}, never slowed down`;
  const last = p.slowdowns[p.slowdowns.length - 1]!;
  const times = p.slowdowns.length === 1 ? 'once' : `${p.slowdowns.length} times`;
  return `paced adaptively: ${mean}, slowed down ${times} (last: ${last.reason}, to ${fmtInt(last.keysPerS)} keys/s)`;
}
