import { keyString, setKey } from './text.js';
import type { DecodedValue } from './types.js';

/** Raw bytes a writeObject method wrote between fields: kept apart from byte[] values. */
export class BlockData {
  constructor(readonly bytes: Uint8Array) {}
}

/** Boxed primitives and String map to plain values; these collections to arrays and objects. */
const BOXED = new Set([
  'java.lang.Long',
  'java.lang.Integer',
  'java.lang.Short',
  'java.lang.Byte',
  'java.lang.Double',
  'java.lang.Float',
  'java.lang.Boolean',
  'java.lang.Character',
]);
const LISTS = new Set([
  'java.util.ArrayList',
  'java.util.LinkedList',
  'java.util.HashSet',
  'java.util.LinkedHashSet',
  'java.util.TreeSet',
]);
const MAPS = new Set([
  'java.util.HashMap',
  'java.util.LinkedHashMap',
  'java.util.TreeMap',
  'java.util.concurrent.ConcurrentHashMap',
]);

/**
 * What an object read from a JDK stream becomes: boxed primitives their value, the common lists
 * and maps plain arrays and objects (from their writeObject data), anything else opaque with its
 * fields and any custom data under `$data`.
 */
export function plainOf(
  name: string,
  state: Record<string, DecodedValue>,
  data: (DecodedValue | BlockData)[],
): DecodedValue {
  if (BOXED.has(name) && 'value' in state) return state['value'] as DecodedValue;
  const objects = data.filter((d): d is DecodedValue => !(d instanceof BlockData));
  if (LISTS.has(name)) return objects;
  if (MAPS.has(name) && objects.length % 2 === 0) {
    const map: Record<string, DecodedValue> = {};
    for (let i = 0; i < objects.length; i += 2)
      setKey(map, keyString(objects[i] as DecodedValue), objects[i + 1] as DecodedValue);
    return map;
  }
  if (data.length > 0) state['$data'] = data.map((d) => (d instanceof BlockData ? d.bytes : d));
  return { $opaque: name, state };
}
