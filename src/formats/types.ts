/**
 * The value model every decoder produces. Plain JS where the source maps cleanly; anything that
 * would need code to reconstruct (a pickled class, a Ruby object, a PHP object) becomes an
 * OpaqueValue that records its class name and raw state, and is never instantiated.
 */
export type DecodedValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | DecodedValue[]
  | OpaqueValue
  | { [key: string]: DecodedValue };

export interface OpaqueValue {
  /** Class or global name, e.g. `flask_login.mixins.AnonymousUserMixin`, `ActiveSupport::HashWithIndifferentAccess`. */
  readonly $opaque: string;
  readonly state?: DecodedValue;
}

export const FORMAT_IDS = ['json', 'pickle', 'msgpack', 'php', 'php_serialize', 'php_binary', 'marshal', 'spring-hash', 'opaque'] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** Transport wrappers peeled off before decoding. */
export type Wrapper = 'zlib' | 'gzip';

export type DecodeResult =
  | { ok: true; format: FormatId; value: DecodedValue; wrappers?: Wrapper[] }
  | { ok: false; format: FormatId | 'unknown'; reason: string };

export interface Decoder {
  readonly id: FormatId;
  /** 0 (surely not this format) … 1 (surely this format); cheap, looks at the first bytes only. */
  sniff(bytes: Uint8Array, keyHint?: string): number;
  /** Never throws: malformed, truncated or oversized input is `{ ok: false, reason }`. */
  decode(bytes: Uint8Array): DecodeResult;
}
