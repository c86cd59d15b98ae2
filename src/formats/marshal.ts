import { guarded } from './guarded.js';
import { MarshalReader } from './marshal-reader.js';
import { asBuffer } from './text.js';
import type { Decoder } from './types.js';

/**
 * Ruby Marshal 4.8: Rack and Rails session stores (redis-rack, redis-session-store). Strings
 * become text when valid UTF-8 (else bytes), symbols become strings, hash keys their string form,
 * Integer a number (bigint when unsafe). Objects, structs, user classes (e.g.
 * `ActiveSupport::HashWithIndifferentAccess`) and _dump data become `{ $opaque: 'Class', state }`;
 * nothing is loaded or instantiated.
 *
 * @example
 * marshal.decode(Buffer.from('04087b00', 'hex')) // { ok: true, format: 'marshal', value: {} }
 */
export const marshal: Decoder = {
  id: 'marshal',
  sniff(bytes) {
    return bytes[0] === 0x04 && bytes[1] === 0x08 && bytes.length > 2 ? 0.95 : 0;
  },
  decode(bytes, limits) {
    return guarded('marshal', bytes, limits, (input, resolved) => new MarshalReader(asBuffer(input), resolved).read());
  },
};
