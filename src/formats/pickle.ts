import { guarded } from './guarded.js';
import { runPickle } from './pickle-machine.js';
import { asBuffer } from './text.js';
import type { Decoder } from './types.js';

/** Opcodes a protocol 0/1 pickle of a session (dict, list or tuple) starts with. */
const PROTO0_STARTS = new Set([0x28, 0x7d, 0x5d, 0x29, 0x63]); // MARK, EMPTY_DICT, EMPTY_LIST, EMPTY_TUPLE, GLOBAL

/**
 * Python pickle, protocols 0–5, as a safe walker: builtins become plain values; classes and
 * calls (GLOBAL, REDUCE, NEWOBJ, BUILD, …) become `{ $opaque: 'module.name', state }` and are never
 * executed. Flask-Session ≤ 0.6 (protocol 4 on Python ≥ 3.8; 0 on memcached), Django cache (5).
 *
 * Values: tuple, set and frozenset → arrays; bytes and bytearray → Uint8Array; a Python 2 str
 * → text when it is valid UTF-8, else bytes; int → number when safe, else bigint; a dict key that
 * is not a str → its string form (see `keyString`); `datetime.datetime`/`date` without tzinfo →
 * ISO 8601 text; `collections.OrderedDict` → a plain object.
 *
 * @example
 * pickle.decode(bytesOf(`pickle.dumps({'_permanent': True})`)) // { ok: true, value: { _permanent: true } }
 */
export const pickle: Decoder = {
  id: 'pickle',
  sniff(bytes) {
    const first = bytes[0];
    const last = bytes[bytes.length - 1];
    if (first === 0x80) {
      const proto = bytes[1] ?? 0;
      return proto >= 2 && proto <= 5 ? (last === 0x2e ? 0.95 : 0.5) : 0;
    }
    if (last !== 0x2e || first === undefined) return 0;
    if (first === 0x28 && (bytes[1] === 0x64 || bytes[1] === 0x6c)) return bytes[2] === 0x70 ? 0.9 : 0.8; // (dp0 / (lp0 (protocol 0), (d / (l
    return PROTO0_STARTS.has(first) ? 0.5 : 0.05;
  },
  decode(bytes, limits) {
    return guarded('pickle', bytes, limits, (input, resolved) => runPickle(asBuffer(input), resolved));
  },
};
