import { json } from './json.js';
import { marshal } from './marshal.js';
import { msgpack } from './msgpack.js';
import { opaque } from './opaque.js';
import { php, php_binary, php_serialize } from './php.js';
import { pickle } from './pickle.js';
import { springHash } from './spring-hash.js';
import type { Decoder, FormatId } from './types.js';

/** Every decoder by format id; adding a FormatId without a decoder fails to compile here. */
export const decoderById = {
  json,
  pickle,
  msgpack,
  php,
  php_serialize,
  php_binary,
  marshal,
  'spring-hash': springHash,
  opaque,
} as const satisfies Record<FormatId, Decoder>;

/** The decoders in tie-break order (when two sniff equally, the earlier is tried first). */
export const decoders = [
  json,
  pickle,
  marshal,
  php_serialize,
  php,
  php_binary,
  msgpack,
  springHash,
  opaque,
] as const satisfies readonly Decoder[];
