import type { DecodeLimits } from './types.js';

/**
 * Generous for sessions (a real one is a few KiB), small enough that a hostile payload costs
 * milliseconds: a memo/link "bomb" is refused by maxElements before anything is expanded.
 */
export const DEFAULT_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxInputBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 100_000,
  maxOutputBytes: 8 * 1024 * 1024,
  maxInflatedBytes: 1024 * 1024,
});

export function resolveLimits(limits?: Partial<DecodeLimits>): DecodeLimits {
  return limits === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, ...limits };
}
