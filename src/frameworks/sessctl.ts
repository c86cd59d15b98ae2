import type { DecodedValue } from '../formats/types.js';
import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord, type DecodedRecord } from './classify-record.js';

/**
 * sessctl's own stored envelope, shared by the middleware (which writes it) and the scan (which
 * reads it): `{"v":1,"createdAt":<ms>,"data":{…}}` as JSON. `createdAt` is set once when the
 * session is first stored and kept on every later write, so the scan knows the exact age.
 */
export const SESSCTL_ENVELOPE_VERSION = 1;
export const SESSCTL_KEY_PREFIX = 'sessctl:';

export interface SessctlEnvelope {
  v: typeof SESSCTL_ENVELOPE_VERSION;
  createdAt: number;
  data: Record<string, unknown>;
}

/**
 * @example
 * encodeEnvelope({ userId: 42 }, 1763788800000) // '{"v":1,"createdAt":1763788800000,"data":{"userId":42}}'
 */
export function encodeEnvelope(data: Record<string, unknown>, createdAt: number): string {
  return JSON.stringify({ v: SESSCTL_ENVELOPE_VERSION, createdAt, data } satisfies SessctlEnvelope);
}

/**
 * The envelope inside a decoded value or JSON text, or undefined when it is not one (never throws).
 *
 * @example
 * decodeEnvelope('{"v":1,"createdAt":1763788800000,"data":{"userId":42}}') // { createdAt: 1763788800000, data: { userId: 42 } }
 */
export function decodeEnvelope(value: DecodedValue | string): { createdAt: number; data: DecodedRecord } | undefined {
  let v: DecodedValue = value;
  if (typeof value === 'string') {
    try {
      v = JSON.parse(value) as DecodedValue;
    } catch {
      return undefined;
    }
  }
  if (!isRecord(v) || v.v !== SESSCTL_ENVELOPE_VERSION || typeof v.createdAt !== 'number' || !isRecord(v.data))
    return undefined;
  return { createdAt: v.createdAt, data: v.data };
}

export default defineFramework({
  id: 'sessctl',
  prefixes: [SESSCTL_KEY_PREFIX],
  formats: ['json'],
  match: (v) => (decodeEnvelope(v) ? 1 : 0),
  meaning(v) {
    const env = decodeEnvelope(v);
    if (!env) return { empty: false, anonymous: true, userKeys: [] };
    const m = classifyRecord(env.data, SESSCTL_RULES);
    m.createdAt = env.createdAt;
    m.createdAtKind = 'exact';
    return m;
  },
});

const SESSCTL_RULES = { metadata: new Set<string>(), identity: ['passport.user'] };
