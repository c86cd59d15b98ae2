import type { DecodeResult, DecodedValue } from '../formats/types.js';
import { classifyRecord, isRecord } from './classify-record.js';
import type { FrameworkDef, FrameworkMeaning, MatchContext } from './define-framework.js';
import { FRAMEWORK_ORDER } from './index.js';
import { frameworksForKey } from './key-match.js';
import type { SessionMeaning, StoredSession } from './types.js';

/** A shape score at or above this is the framework's own shape, not a lookalike. */
const SHAPE_SURE = 0.5;
/** What a matching key prefix adds to a shape score: enough to break ties, not to beat a clear shape. */
const PREFIX_WEIGHT = 0.25;

/**
 * The framework half of interpret(): given the decode result, chooses the framework from key
 * prefix and payload shape together and asks it what the value means. Never throws.
 *
 * Confidence: `high` when the key follows the chosen framework's layout and the payload has its
 * shape; `medium` when only one of the two holds; `low` when neither (a generic reading).
 */
export function interpretDecoded(decoded: DecodeResult, input: StoredSession): SessionMeaning {
  const byKey = frameworksForKey(input.key);
  if (!decoded.ok) {
    const fw = byKey[0]?.framework;
    return { framework: fw?.id ?? 'unknown', format: decoded.format, confidence: fw ? 'medium' : 'low', decoded: false, reason: decoded.reason, empty: false, anonymous: false, userKeys: [] };
  }
  const { value, format } = decoded;
  const base: Omit<MatchContext, 'prefix'> = { format, key: input.key, flags: input.flags, store: input.store };
  let best: FrameworkDef | undefined;
  let bestScore = 0;
  let bestShape = 0;
  let bestPrefix: string | undefined;
  for (const fw of FRAMEWORK_ORDER) {
    if (!fw.formats.includes(format)) continue;
    const prefix = byKey.find((m) => m.framework === fw)?.prefix;
    const shape = safeMatch(fw, value, prefix === undefined ? base : { ...base, prefix });
    const score = shape + (prefix === undefined ? 0 : PREFIX_WEIGHT);
    if (shape > 0 && score > bestScore) {
      best = fw;
      bestScore = score;
      bestShape = shape;
      bestPrefix = prefix;
    }
  }
  // the key says which framework, the shape says nothing: trust the key's semantics
  const keyOnly = byKey.find((m) => m.framework.formats.includes(format));
  if (!best && keyOnly) {
    best = keyOnly.framework;
    bestPrefix = keyOnly.prefix;
  }
  const shapeOk = bestShape >= SHAPE_SURE;
  const keyOk = bestPrefix !== undefined;
  const confidence = shapeOk && keyOk ? 'high' : shapeOk || keyOk ? 'medium' : 'low';
  const ctx: MatchContext = bestPrefix === undefined ? base : { ...base, prefix: bestPrefix };
  const meaning = best ? safeMeaning(best, value, ctx) : genericMeaning(value);
  if (!meaning) {
    return { framework: best?.id ?? 'unknown', format, confidence, decoded: false, reason: 'framework semantics failed on this value', empty: false, anonymous: false, userKeys: [], value };
  }
  return { framework: best?.id ?? 'unknown', format, confidence, decoded: true, ...meaning, value };
}

function safeMatch(fw: FrameworkDef, value: DecodedValue, ctx: MatchContext): number {
  try {
    const s = fw.match(value, ctx);
    return Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 0;
  } catch {
    return 0;
  }
}

function safeMeaning(fw: FrameworkDef, value: DecodedValue, ctx: MatchContext): FrameworkMeaning | undefined {
  try {
    return fw.meaning(value, ctx);
  } catch {
    return undefined;
  }
}

const NO_METADATA: ReadonlySet<string> = new Set();

/** Unknown framework: every key is user data, the generic identity rule applies. */
function genericMeaning(value: DecodedValue): FrameworkMeaning {
  if (isRecord(value)) return classifyRecord(value, { metadata: NO_METADATA });
  const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
  return { empty, anonymous: !empty, userKeys: [] };
}
