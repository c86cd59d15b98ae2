import { FORMAT_IDS, type DecodeResult, type DecodedValue, type FormatId } from '../formats/types.js';
import { classifyRecord, isRecord } from './classify-record.js';
import type { FrameworkDef, FrameworkMeaning, MatchContext } from './define-framework.js';
import { FRAMEWORK_ORDER } from './index.js';
import { keyMatches, type KeyMatch } from './key-match.js';
import type { SessionMeaning, StoredSession } from './types.js';

/** The frameworks that write each format, in FRAMEWORK_ORDER. */
const BY_FORMAT = new Map<FormatId, FrameworkDef[]>(
  FORMAT_IDS.map((f) => [f, FRAMEWORK_ORDER.filter((fw) => fw.formats.includes(f))]),
);

/** A shape score at or above this is the framework's own shape, not a lookalike. */
const SHAPE_SURE = 0.5;
/** What a matching key prefix adds to a shape score: enough to break ties, not to beat a clear shape. */
const PREFIX_WEIGHT = 0.25;

/**
 * The framework half of interpret(): given the decode result, chooses the framework from key
 * prefix and payload shape together and asks it what the value means. Never throws.
 *
 * A framework is a candidate when the key follows its layout or the payload surely has its shape
 * (score ≥ 0.5); among candidates the highest shape score plus a prefix bonus wins, ties go to
 * FRAMEWORK_ORDER. Confidence: `high` when key layout and shape agree; `medium` when only one holds
 * (a prefix with a lookalike payload uses that framework's semantics); `low` = no candidate, framework
 * `unknown`, read with the generic rule (every key is user data, identity by name).
 */
export function interpretDecoded(decoded: DecodeResult, input: StoredSession): SessionMeaning {
  const byKey = keyMatches(input.key);
  if (!decoded.ok) {
    const fw = byKey[0]?.framework;
    return {
      framework: fw?.id ?? 'unknown',
      format: decoded.format,
      confidence: fw ? 'medium' : 'low',
      decoded: false,
      reason: decoded.reason,
      empty: false,
      anonymous: false,
      userKeys: [],
    };
  }
  const { value, format } = decoded;
  // plain object literals throughout: object spread costs microseconds per key on this path
  const ctx: MatchContext = { format, key: input.key, flags: input.flags, store: input.store, prefix: undefined };
  let best: FrameworkDef | undefined;
  let bestScore = 0;
  let bestShape = 0;
  let bestPrefix: string | undefined;
  for (const { fw, prefix } of candidatesFor(byKey, format)) {
    // A shape scores at most 1 and only a key prefix adds to it: once the best beats 1, a framework
    // the key does not name cannot win (ties keep the earlier), so its shape is not worth asking.
    if (prefix === undefined && bestScore >= 1) continue;
    ctx.prefix = prefix;
    const shape = safeMatch(fw, value, ctx);
    // a framework is a candidate when its prefix matches or its shape is sure; a weak shape alone is a guess we do not make
    if (ctx.prefix === undefined && shape < SHAPE_SURE) continue;
    const score = shape + (ctx.prefix === undefined ? 0 : PREFIX_WEIGHT);
    if (score > bestScore) {
      best = fw;
      bestScore = score;
      bestShape = shape;
      bestPrefix = ctx.prefix;
    }
  }
  const shapeOk = bestShape >= SHAPE_SURE;
  const keyOk = bestPrefix !== undefined;
  const confidence = shapeOk && keyOk ? 'high' : shapeOk || keyOk ? 'medium' : 'low';
  ctx.prefix = bestPrefix;
  const framework = best?.id ?? 'unknown';
  const m = best ? safeMeaning(best, value, ctx) : genericMeaning(value);
  if (!m) {
    return {
      framework,
      format,
      confidence,
      decoded: false,
      reason: 'framework semantics failed on this value',
      empty: false,
      anonymous: false,
      userKeys: [],
      value,
    };
  }
  return {
    framework,
    format,
    confidence,
    decoded: true,
    empty: m.empty,
    anonymous: m.anonymous,
    userKeys: m.userKeys,
    createdAt: m.createdAt,
    createdAtKind: m.createdAt === undefined ? undefined : m.createdAtKind,
    rewritesOnRequest: m.rewritesOnRequest,
    lastAccessedAt: m.lastAccessedAt,
    wrappers: decoded.wrappers,
    value,
  };
}

type Candidate = { fw: FrameworkDef; prefix: string | undefined };
/**
 * The frameworks that write `format`, each with the prefix the key matched for it. keyMatches()
 * hands out one shared array per prefix, so this is computed once per prefix and format, not per key.
 */
const CANDIDATES = new WeakMap<readonly KeyMatch[], Map<FormatId, readonly Candidate[]>>();

function candidatesFor(byKey: readonly KeyMatch[], format: FormatId): readonly Candidate[] {
  let byFormat = CANDIDATES.get(byKey);
  let list = byFormat?.get(format);
  if (list) return list;
  list = (BY_FORMAT.get(format) ?? []).map((fw) => ({ fw, prefix: byKey.find((m) => m.framework === fw)?.prefix }));
  // only the shared, frozen answers are remembered: a key matching two patterns gets a fresh array
  if (Object.isFrozen(byKey)) {
    if (!byFormat) CANDIDATES.set(byKey, (byFormat = new Map()));
    byFormat.set(format, list);
  }
  return list;
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
