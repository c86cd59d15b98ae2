import { createRequire } from 'node:module';
import type * as Msgpack from '@msgpack/msgpack';
import { fail } from './decode-failure.js';
import { guarded } from './guarded.js';
import { DEFAULT_LIMITS } from './limits.js';
import { checkMsgpackShape } from './msgpack-shape.js';
import { keyString } from './text.js';
import type { DecodedValue, Decoder, DecodeLimits } from './types.js';

// The library is loaded at the first msgpack payload, not at startup: few keyspaces hold any, and
// its ES build is twenty modules that every CLI run would otherwise parse. Decoding stays
// synchronous, so the load is one require of its CommonJS build, once, never a per-key cost.
const requireCjs = createRequire(import.meta.url);
let library: typeof Msgpack | undefined;
const msgpackLibrary = (): typeof Msgpack => (library ??= requireCjs('@msgpack/msgpack') as typeof Msgpack);

/**
 * Extensions as data: the timestamp extension (msgspec's datetime) becomes ISO 8601 text,
 * any other type `{ $opaque: 'msgpack.ext.<type>', state: bytes }`.
 */
const extensions: Msgpack.ExtensionCodecType<undefined> = {
  tryToEncode: () => null,
  decode(data, type) {
    const { EXT_TIMESTAMP, decodeTimestampToTimeSpec } = msgpackLibrary();
    if (type === EXT_TIMESTAMP) {
      const { sec, nsec } = decodeTimestampToTimeSpec(data);
      const ms = sec * 1000 + Math.floor(nsec / 1e6);
      // beyond ±8.64e15 ms a Date cannot hold it: keep the seconds as data instead of failing
      return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : { $opaque: 'msgpack.timestamp', state: sec };
    }
    return { $opaque: `msgpack.ext.${type}`, state: new Uint8Array(data) } satisfies DecodedValue;
  },
};

/** Map keys msgpack allows but JS objects do not (bytes, bools, nil, arrays) become their string form. */
function mapKey(key: unknown): string | number {
  if (typeof key === 'string' || typeof key === 'number') return key;
  const text = keyString(key as DecodedValue);
  return text === '__proto__' ? fail('map key __proto__ is not allowed') : text;
}

function makeDecoder(limits: DecodeLimits): Msgpack.Decoder {
  return new (msgpackLibrary().Decoder)({
    extensionCodec: extensions,
    mapKeyConverter: mapKey,
    maxStrLength: limits.maxOutputBytes,
    maxBinLength: limits.maxOutputBytes,
    maxExtLength: limits.maxOutputBytes,
    maxArrayLength: limits.maxElements,
    maxMapLength: limits.maxElements,
  });
}

let defaultDecoder: Msgpack.Decoder | undefined;

/** Below this a hostile payload costs the library a few milliseconds at most; sessions are smaller. */
const SHAPE_CHECK_FROM = 4096;

/**
 * MessagePack via @msgpack/msgpack, with its length limits set from ours: Flask-Session ≥ 0.7
 * (msgspec). 64-bit integers become numbers (precision beyond 2^53 is lost), bin becomes
 * a Uint8Array view into the input.
 *
 * @example
 * msgpack.decode(Buffer.from('81aa5f7065726d616e656e74c3', 'hex')) // { ok: true, value: { _permanent: true } }
 */
export const msgpack: Decoder = {
  id: 'msgpack',
  sniff(bytes, keyHint) {
    const first = bytes[0];
    if (first === undefined) return 0;
    if ((first & 0xf0) === 0x80 || first === 0xde || first === 0xdf) {
      if (first === 0x80 && bytes.length > 1) return 0; // {} with trailing bytes is not msgpack (a pickle PROTO is)
      return keyHint?.startsWith('session:') ? 0.9 : 0.8;
    }
    return (first & 0xf0) === 0x90 || first === 0xdc || first === 0xdd ? 0.3 : 0;
  },
  decode(bytes, limits) {
    return guarded('msgpack', bytes, limits, (input, resolved) => {
      if (input.length > SHAPE_CHECK_FROM) checkMsgpackShape(input, resolved);
      const decoder = limits === undefined ? (defaultDecoder ??= makeDecoder(DEFAULT_LIMITS)) : makeDecoder(resolved);
      // a plain view, so bin values come out as Uint8Array (views into the input), not Buffer
      return decoder.decode(new Uint8Array(input.buffer, input.byteOffset, input.byteLength)) as DecodedValue;
    });
  },
};
