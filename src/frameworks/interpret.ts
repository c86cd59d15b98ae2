import type { SessionMeaning, StoredSession } from './types.js';

/**
 * Decides what a stored session is and means. Placeholder until the formats issue lands: it
 * reports everything as undecodable so callers can be built against the final signature.
 */
export function interpret(_input: StoredSession): SessionMeaning {
  return { framework: 'unknown', format: 'unknown', confidence: 'low', decoded: false, reason: 'no decoders yet', empty: false, anonymous: false, userKeys: [] };
}
