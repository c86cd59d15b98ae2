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

export const FORMAT_IDS = [
  'json',
  'pickle',
  'msgpack',
  'php',
  'php_serialize',
  'php_binary',
  'marshal',
  'spring-hash',
  'opaque',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/**
 * Transport wrappers peeled off before decoding: compression, and `php-string`, Laravel's
 * serialize() of the already-serialized session array.
 */
export type Wrapper = 'zlib' | 'gzip' | 'php-string';

/** Bounds every decoder enforces; input over them is refused (`ok: false`), never expanded. */
export interface DecodeLimits {
  /** Largest input accepted, in bytes. */
  maxInputBytes: number;
  /** Deepest nesting of containers in the decoded value. */
  maxDepth: number;
  /** Most containers + scalars in the decoded value, counted with shared references expanded. */
  maxElements: number;
  /** Most string and byte content in the decoded value, shared references expanded. */
  maxOutputBytes: number;
  /** Largest decompressed size of a zlib/gzip wrapper. */
  maxInflatedBytes: number;
}

export type DecodeResult =
  | { ok: true; format: FormatId; value: DecodedValue; wrappers?: Wrapper[] }
  | { ok: false; format: FormatId | 'unknown'; reason: string };

export interface Decoder {
  readonly id: FormatId;
  /** 0 (surely not this format) … 1 (surely this format); cheap, looks at the first bytes only. */
  sniff(bytes: Uint8Array, keyHint?: string): number;
  /** Never throws: malformed, truncated or oversized input is `{ ok: false, reason }`. */
  decode(bytes: Uint8Array, limits?: Partial<DecodeLimits>): DecodeResult;
}
