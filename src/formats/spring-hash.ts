import { guarded } from './guarded.js';
import { JavaReader } from './java-serialization.js';
import { json } from './json.js';
import { resolveLimits } from './limits.js';
import { asBuffer, setKey, utf8Text } from './text.js';
import type { DecodedValue, Decoder, DecodeLimits, DecodeResult } from './types.js';

const JDK_MAGIC = [0xac, 0xed, 0x00, 0x05] as const;

function isJdk(bytes: Uint8Array): boolean {
  return (
    bytes[0] === JDK_MAGIC[0] && bytes[1] === JDK_MAGIC[1] && bytes[2] === JDK_MAGIC[2] && bytes[3] === JDK_MAGIC[3]
  );
}

/**
 * One Spring Session hash field value: JDK serialization (the default
 * JdkSerializationRedisSerializer, `\xac\xed\x00\x05…`). Whole sessions are hashes, not bytes:
 * use `decodeSpringHash`.
 */
export const springHash: Decoder = {
  id: 'spring-hash',
  sniff(bytes) {
    return isJdk(bytes) ? 0.95 : 0;
  },
  decode(bytes, limits) {
    return guarded('spring-hash', bytes, limits, (input, resolved) => new JavaReader(asBuffer(input), resolved).read());
  },
};

/**
 * A Spring Session Data Redis hash (`spring:session:sessions:<id>`): `creationTime`,
 * `lastAccessedTime`, `maxInactiveInterval` and `sessionAttr:<name>` fields, each value JDK-serialized
 * or JSON (GenericJackson2JsonRedisSerializer), decoded to one object keyed by field name. A field
 * that does not decode becomes `{ $opaque: 'undecodable', state: reason }`, so one odd attribute
 * does not hide the timestamps. Not ok when there are no fields or too many.
 *
 * @example
 * decodeSpringHash(new Map([['creationTime', jdkLong(1700000000000)]])) // { ok: true, value: { creationTime: 1700000000000 } }
 */
export function decodeSpringHash(
  fields: ReadonlyMap<string, Uint8Array>,
  limits?: Partial<DecodeLimits>,
): DecodeResult {
  const resolved = resolveLimits(limits);
  if (fields.size === 0) return { ok: false, format: 'spring-hash', reason: 'empty hash' };
  if (fields.size > resolved.maxElements)
    return { ok: false, format: 'spring-hash', reason: `hash of ${fields.size} fields exceeds the limit` };
  const value: Record<string, DecodedValue> = {};
  for (const [name, bytes] of fields) setKey(value, name, fieldValue(bytes, limits));
  return { ok: true, format: 'spring-hash', value };
}

function fieldValue(bytes: Uint8Array, limits: Partial<DecodeLimits> | undefined): DecodedValue {
  const result = isJdk(bytes) ? springHash.decode(bytes, limits) : json.decode(bytes, limits);
  if (result.ok) return result.value;
  if (!isJdk(bytes)) {
    const text = utf8Text(asBuffer(bytes), 0, bytes.length);
    if (text !== undefined && text.length <= 4096) return text; // StringRedisSerializer
  }
  return { $opaque: 'undecodable', state: result.reason };
}
