import type { StepRecord } from '../../probe/types.js';

export interface StepKeyBar {
  step: string;
  count: number;
  /** Against the step that created the most keys: 0–1. */
  share: number;
}

/**
 * Store keys each probe step created (only with --store): one bar per step that reported a
 * count, zero included, so a preflight that created nothing is seen to have created nothing.
 */
export function stepKeyBars(steps: readonly StepRecord[]): StepKeyBar[] {
  const counted = steps.filter((s): s is StepRecord & { keysCreated: number } => s.keysCreated !== undefined);
  const max = Math.max(0, ...counted.map((s) => s.keysCreated));
  return counted.map((s) => ({ step: s.step, count: s.keysCreated, share: max ? s.keysCreated / max : 0 }));
}
