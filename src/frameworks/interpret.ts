import { detectAndDecode } from '../formats/detect.js';
import { decodeSpringHash } from '../formats/spring-hash.js';
import type { DecodeResult } from '../formats/types.js';
import { interpretDecoded } from './interpret-decoded.js';
import type { SessionMeaning, StoredSession } from './types.js';

/**
 * Decides what a stored session is and means: decodes the payload once (formats/), then asks the
 * framework registry with key prefix and payload shape together. Never throws; an undecodable
 * payload is `{ decoded: false, reason }`. On the scan hot path: one decode, a prefix lookup and a
 * handful of property checks per framework.
 *
 * @example
 * interpret({ key: 'sess:abc', bytes: Buffer.from('{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}}') })
 * // { framework: 'express-session', format: 'json', confidence: 'high', decoded: true, empty: true, anonymous: false, userKeys: [] , … }
 */
export function interpret(input: StoredSession): SessionMeaning {
  try {
    return interpretDecoded(decodeStored(input), input);
  } catch (error) {
    return {
      framework: 'unknown',
      format: 'unknown',
      confidence: 'low',
      decoded: false,
      reason: `internal: ${(error as Error).message}`,
      empty: false,
      anonymous: false,
      userKeys: [],
    };
  }
}

function decodeStored(input: StoredSession): DecodeResult {
  if (input.hash) return decodeSpringHash(input.hash);
  if (!input.bytes) return { ok: false, format: 'unknown', reason: 'no payload' };
  return detectAndDecode(input.bytes, input.key);
}
