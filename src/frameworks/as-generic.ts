import { classifyRecord, isRecord, type RecordRules } from './classify-record.js';
import type { SessionMeaning } from './types.js';

/**
 * Turns interpret()'s reading of a key that no known framework claimed into a session of a custom
 * layer (framework `generic`). Without rules its classes stay what the generic rule gave (every
 * key is user data, identity by name); a declared layout's userKeys and metadataKeys re-read the
 * payload. Mutates and returns `m`: it runs once per key on the scan hot path, where a copy costs
 * more than the rest.
 */
export function asGeneric(
  m: SessionMeaning,
  confidence: SessionMeaning['confidence'],
  rules?: RecordRules,
): SessionMeaning {
  m.framework = 'generic';
  m.confidence = confidence;
  if (rules && m.decoded && isRecord(m.value)) {
    const r = classifyRecord(m.value, rules);
    m.empty = r.empty;
    m.anonymous = r.anonymous;
    m.userKeys = r.userKeys;
  }
  return m;
}
