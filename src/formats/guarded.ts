import { checkBounds } from './bounds.js';
import { DecodeFailure } from './decode-failure.js';
import { resolveLimits } from './limits.js';
import type { DecodedValue, DecodeLimits, DecodeResult, FormatId } from './types.js';

/** * Runs a decoder body with the input-size check before it and the expanded-size/depth check
 * after it, and converts every throw (ours, or a RangeError from a library) into a result, so
 * `decode()` keeps its never-throws promise.
 */
export function guarded(
  format: FormatId,
  bytes: Uint8Array,
  partial: Partial<DecodeLimits> | undefined,
  body: (bytes: Uint8Array, limits: DecodeLimits) => DecodedValue,
  /** True when this input provably cannot yield a value over the limits, so the walk is skipped. */
  withinLimits?: (bytes: Uint8Array, limits: DecodeLimits) => boolean,
): DecodeResult {
  const limits = resolveLimits(partial);
  if (bytes.length > limits.maxInputBytes) {
    return {
      ok: false,
      format,
      reason: `input of ${bytes.length} bytes exceeds the ${limits.maxInputBytes}-byte limit`,
    };
  }
  try {
    const value = body(bytes, limits);
    if (withinLimits === undefined || !withinLimits(bytes, limits)) checkBounds(value, limits);
    return { ok: true, format, value };
  } catch (error) {
    return { ok: false, format, reason: reasonOf(error) };
  }
}

export function reasonOf(error: unknown): string {
  if (error instanceof DecodeFailure) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return String(error).slice(0, 200);
}
