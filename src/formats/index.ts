// The formats API: decoders by id and in detection order, detection, and the value model.
export { decoders, decoderById } from './registry.js';
export { detectAndDecode } from './detect.js';
export { decodeSpringHash } from './spring-hash.js';
export { peelWrappers } from './wrappers.js';
export { DEFAULT_LIMITS } from './limits.js';
export { json } from './json.js';
export { pickle } from './pickle.js';
export { msgpack } from './msgpack.js';
export { php, php_serialize, php_binary } from './php.js';
export { marshal } from './marshal.js';
export { springHash } from './spring-hash.js';
export { opaque } from './opaque.js';
export type { DecodedValue, OpaqueValue, Decoder, DecodeResult, DecodeLimits, FormatId, Wrapper } from './types.js';
