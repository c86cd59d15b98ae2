import { DecodeFailure } from './decode-failure.js';
import type { DecodedValue, DecodeLimits } from './types.js';

/**
 * Walks the decoded value as a consumer would (shared references expanded, so pickle memo,
 * Marshal links and PHP references count every time they are used) and refuses it when it is
 * deeper, larger or longer than the limits. A cycle shows up as excess depth. Stops at the first
 * excess, so a billion-laughs payload costs at most `maxElements` steps.
 */
export function checkBounds(value: DecodedValue, limits: DecodeLimits): void {
  const budget = { elements: limits.maxElements, bytes: limits.maxOutputBytes };
  walk(value, 0, limits.maxDepth, budget);
}

interface Budget {
  elements: number;
  bytes: number;
}

function walk(value: DecodedValue, depth: number, maxDepth: number, budget: Budget): void {
  if (--budget.elements < 0)
    throw new DecodeFailure('too many elements (shared references are counted each time they are used)');
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && (budget.bytes -= value.length) < 0)
      throw new DecodeFailure('decoded strings exceed the output limit');
    return;
  }
  if (value instanceof Uint8Array) {
    if ((budget.bytes -= value.length) < 0) throw new DecodeFailure('decoded bytes exceed the output limit');
    return;
  }
  if (depth >= maxDepth) throw new DecodeFailure(`nesting deeper than ${maxDepth} (or a reference cycle)`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i] as DecodedValue, depth + 1, maxDepth, budget);
    return;
  }
  for (const key in value) {
    if ((budget.bytes -= key.length) < 0) throw new DecodeFailure('decoded strings exceed the output limit');
    walk((value as Record<string, DecodedValue>)[key] as DecodedValue, depth + 1, maxDepth, budget);
  }
}
