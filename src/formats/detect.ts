import { reasonOf } from './guarded.js';
import { decoders } from './registry.js';
import { resolveLimits } from './limits.js';
import type { Decoder, DecodeLimits, DecodeResult, Wrapper } from './types.js';
import { isGzip, isZlib, peelWrappers } from './wrappers.js';

/** Candidates below this are not worth a decode attempt. */
const MIN_SCORE = 0.05;
/** A sniff this sure is decoded before the other decoders are asked. */
const SURE = 0.9;

/**
 * Decodes a stored session value without knowing its format: peels zlib/gzip, asks every
 * decoder to sniff the first bytes (with the store key as a hint), tries the likeliest first and
 * returns the first that decodes. When none does, the reason lists each attempt; a recognisably
 * opaque payload (lz4, zstd, encrypted) comes back as `format: 'opaque'` with what it is.
 * Never throws.
 *
 * @example
 * detectAndDecode(Buffer.from('{"cookie":{}}'), 'sess:abc') // { ok: true, format: 'json', value: { cookie: {} } }
 */
export function detectAndDecode(bytes: Uint8Array, keyHint?: string, limits?: Partial<DecodeLimits>): DecodeResult {
  try {
    return detect(bytes, keyHint, limits);
  } catch (error) {
    // decoders never throw; this keeps the promise even if a sniffer has a bug
    return { ok: false, format: 'unknown', reason: `internal error: ${reasonOf(error)}` };
  }
}

function detect(
  bytes: Uint8Array,
  keyHint: string | undefined,
  limits: Partial<DecodeLimits> | undefined,
): DecodeResult {
  const wrapped = isZlib(bytes) || isGzip(bytes);
  let early: { decoder: Decoder; result: DecodeResult } | undefined;
  if (!wrapped) {
    // The common case, without the bookkeeping of the full search below (it allocates per key):
    // the first confident sniff decodes. Anything else goes the whole way.
    for (const decoder of decoders) {
      if (decoder.sniff(bytes, keyHint) < SURE) continue;
      const result = decoder.decode(bytes, limits);
      if (result.ok) return result;
      early = { decoder, result };
      break;
    }
  }
  let input = bytes;
  let peeledWrappers: Wrapper[] = [];
  let peelFailure: string | undefined;
  if (wrapped) {
    const peeled = peelWrappers(bytes, resolveLimits(limits));
    // two magic bytes can be chance: when inflating fails, the raw bytes still get their turn
    if (peeled.ok) {
      input = peeled.bytes;
      peeledWrappers = peeled.wrappers;
    } else peelFailure = peeled.reason;
  }
  const tried: string[] = [];
  let verdict: DecodeResult | undefined;
  const attempt = (decoder: Decoder): DecodeResult | undefined => {
    // the early attempt above saw the same bytes: its answer stands
    const result = decoder === early?.decoder ? early.result : decoder.decode(input, limits);
    if (result.ok) {
      const wrappers = result.wrappers === undefined ? peeledWrappers : [...peeledWrappers, ...result.wrappers];
      return wrappers.length > 0 ? { ...result, wrappers } : result;
    }
    if (result.format === 'opaque') verdict ??= result;
    tried.push(`${decoder.id}: ${result.reason}`);
    return undefined;
  };
  const scored: { decoder: Decoder; score: number }[] = [];
  for (const decoder of decoders) {
    const score = decoder.sniff(input, keyHint);
    // a confident sniff is tried at once: the common case costs one or two sniffs, not nine
    if (score >= SURE) {
      const result = attempt(decoder);
      if (result !== undefined) return result;
    } else if (score >= MIN_SCORE) scored.push({ decoder, score });
  }
  // stable: equal scores keep registry order
  scored.sort((a, b) => b.score - a.score);
  for (const { decoder } of scored) {
    const result = attempt(decoder);
    if (result !== undefined) return result;
  }
  if (verdict !== undefined) return verdict;
  if (peelFailure !== undefined) return { ok: false, format: 'unknown', reason: peelFailure };
  const prefix = peeledWrappers.length > 0 ? `after ${peeledWrappers.join('+')}, ` : '';
  return {
    ok: false,
    format: 'unknown',
    reason:
      tried.length === 0
        ? `${prefix}no format recognised the first bytes`
        : `${prefix}undecodable as ${tried.join('; ')}`,
  };
}
