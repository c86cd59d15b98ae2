import type { FrameworkId } from './types.js';
import { interpret } from './interpret.js';
import { interpretDecoded } from './interpret-decoded.js';
import { keyMatches, type KeyMatch } from './key-match.js';
import { newFacts, readNodeJson } from './node-json-facts.js';
import { nodeFactsMeaning } from './node-meaning.js';
import type { SessionMeaning, StoredSession } from './types.js';

/** The frameworks whose meaning is nodeSessionMeaning's (plus a fixed rewritesOnRequest). */
const NODE_FRAMEWORKS: ReadonlySet<FrameworkId> = new Set(['express-session', 'fastify-session', 'connect-memcached']);

/**
 * The two cookie kinds the frameworks' shape checks tell apart (isFastifyCookie), as the smallest
 * values that have them. Every JSON framework's `match` sees a payload readNodeJson accepts as one
 * of these: a `cookie` with originalMaxAge and path, and no member its own shape reads.
 */
const SKELETONS = [
  { cookie: { originalMaxAge: null, path: '/' } },
  { cookie: { originalMaxAge: null, path: '/', originalExpires: null } },
] as const;

interface Choice {
  framework: FrameworkId;
  confidence: SessionMeaning['confidence'];
  rewritesOnRequest: boolean | undefined;
}

const STORE_CODE = { undefined: 0, redis: 1, memcached: 2, memory: 3 } as const;
/** Per key-match answer (shared and frozen), per store, flags and cookie kind: what interpretDecoded chose. */
const CHOICES = new WeakMap<readonly KeyMatch[], Map<number, Choice | null>>();

/**
 * interpret() for the scan's hot path: the same judgment of a key, but without the decoded `value`
 * when the payload is a node session (express-session, @fastify/session, connect-memcached) that
 * readNodeJson can read from its bytes: no JSON.parse, no object, no bounds walk. The framework and
 * confidence are what interpretDecoded chose for the same key match, store and flags on that
 * cookie kind, asked once and remembered. Anything else goes through interpret() and keeps `value`.
 * The scan reads `value` only of keys no framework claims, which this path never answers.
 * `byKey`, when given, is keyMatches(input.key): the scan has it from the key's prefix already.
 */
export function interpretLean(input: StoredSession, byKey?: readonly KeyMatch[]): SessionMeaning {
  return (
    (input.bytes !== undefined && input.hash === undefined && nodeFast(input, input.bytes, byKey)) || interpret(input)
  );
}

/** The facts of the payload being judged: read, turned into its meaning, and then free for the next. */
const FACTS = newFacts();

function nodeFast(
  input: StoredSession,
  bytes: Uint8Array,
  byKey: readonly KeyMatch[] | undefined,
): SessionMeaning | undefined {
  const facts = readNodeJson(bytes, FACTS);
  if (!facts) return undefined;
  const choice = choiceFor(input, facts.fastifyCookie ? 1 : 0, byKey ?? keyMatches(input.key));
  if (!choice) return undefined;
  const m: SessionMeaning = {
    framework: choice.framework,
    format: 'json',
    confidence: choice.confidence,
    decoded: true,
    empty: false,
    anonymous: false,
    userKeys: [],
    createdAt: undefined,
    createdAtKind: undefined,
    rewritesOnRequest: choice.rewritesOnRequest,
    lastAccessedAt: undefined,
    wrappers: undefined,
  };
  nodeFactsMeaning(facts, m);
  return m;
}

/** The last answer, for the next key: a scan's keys come in runs of one key match, store and flags. */
let lastByKey: readonly KeyMatch[] | undefined;
let lastCode = -1;
let lastChoice: Choice | null = null;

function choiceFor(input: StoredSession, cookieKind: 0 | 1, byKey: readonly KeyMatch[]): Choice | undefined {
  const flags = input.flags;
  // Only shared answers are remembered, and only the flags a store really sets (small integers).
  if (!Object.isFrozen(byKey) || (flags !== undefined && !(flags >= 0 && flags < 1024 && Number.isInteger(flags))))
    return undefined;
  const code = ((flags === undefined ? 0 : flags + 1) * 4 + STORE_CODE[input.store ?? 'undefined']) * 2 + cookieKind;
  if (byKey === lastByKey && code === lastCode) return lastChoice ?? undefined;
  let byCode = CHOICES.get(byKey);
  let choice = byCode?.get(code);
  if (choice === undefined) {
    const m = interpretDecoded({ ok: true, format: 'json', value: structuredClone(SKELETONS[cookieKind]) }, input);
    choice =
      m.decoded && NODE_FRAMEWORKS.has(m.framework)
        ? { framework: m.framework, confidence: m.confidence, rewritesOnRequest: m.rewritesOnRequest }
        : null;
    if (!byCode) CHOICES.set(byKey, (byCode = new Map()));
    byCode.set(code, choice);
  }
  lastByKey = byKey;
  lastCode = code;
  lastChoice = choice;
  return choice ?? undefined;
}
