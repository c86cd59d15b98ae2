import { fail } from './decode-failure.js';
import { guarded } from './guarded.js';
import { PhpReader } from './php-unserialize.js';
import { asBuffer, setKey, latin1 } from './text.js';
import type { DecodedValue, Decoder, DecodeResult } from './types.js';

const PIPE = 0x7c;
const TYPE_LETTERS = new Set([...'bidsaOCEr'].map((c) => c.charCodeAt(0)));

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** A serialized value starts at `at`: `N;`, or a type letter, ':' and a digit (or '-'). */
function startsValue(bytes: Uint8Array, at: number): boolean {
  const type = bytes[at];
  if (type === 0x4e) return bytes[at + 1] === 0x3b;
  return (
    type !== undefined &&
    TYPE_LETTERS.has(type) &&
    bytes[at + 1] === 0x3a &&
    (isDigit(bytes[at + 2]) || bytes[at + 2] === 0x2d)
  );
}

/** `s:<digits>:` followed by the three given bytes (Laravel's `"a:`). */
function hasAt(bytes: Uint8Array, ...next: number[]): boolean {
  let i = 2;
  while (isDigit(bytes[i])) i++;
  if (bytes[i] !== 0x3a) return false;
  return next.every((c, k) => bytes[i + 1 + k] === c);
}

/**
 * PHP's default `php` session handler: `name|serialized` repeated, e.g.
 * `user_id|i:5;csrf|s:2:"ab";`. A zero-byte payload is PHP's empty session (phpredis,
 * php-memcached). Values as in `PhpReader`.
 *
 * @example
 * php.decode(Buffer.from('n|i:1;')) // { ok: true, format: 'php', value: { n: 1 } }
 */
export const php: Decoder = {
  id: 'php',
  sniff(bytes) {
    if (bytes.length === 0) return 0.6;
    const end = Math.min(bytes.length, 300);
    let pipe = 0;
    for (; pipe < end; pipe++) {
      const c = bytes[pipe] as number;
      if (c === PIPE) break;
      if (c < 0x20 || c === 0x7b || c === 0x7d || c === 0x22) return 0; // not a session variable name
    }
    return pipe > 0 && pipe < end && startsValue(bytes, pipe + 1) ? 0.9 : 0;
  },
  decode(bytes, limits) {
    return guarded('php', bytes, limits, (input, resolved) => {
      const buf = asBuffer(input);
      const reader = new PhpReader(buf, resolved);
      const session: Record<string, DecodedValue> = {};
      while (!reader.done) {
        const pipe = buf.indexOf(PIPE, reader.pos);
        if (pipe < 0) fail(`trailing bytes without a "|" at byte ${reader.pos}`);
        const name = latin1(buf, reader.pos, pipe);
        reader.pos = pipe + 1;
        setKey(session, name, reader.value(1));
      }
      return session;
    });
  },
};

/**
 * The `php_binary` handler: a length byte (high bit: undefined marker of old PHP), the name,
 * then the serialized value, repeated.
 */
export const php_binary: Decoder = {
  id: 'php_binary',
  sniff(bytes) {
    const n = (bytes[0] ?? 0) & 0x7f;
    if (n === 0 || bytes.length < n + 3) return 0;
    for (let i = 1; i <= n; i++) if ((bytes[i] as number) < 0x20) return 0;
    return startsValue(bytes, n + 1) ? 0.85 : 0;
  },
  decode(bytes, limits) {
    return guarded('php_binary', bytes, limits, (input, resolved) => {
      const buf = asBuffer(input);
      const reader = new PhpReader(buf, resolved);
      const session: Record<string, DecodedValue> = {};
      while (!reader.done) {
        const n = (buf[reader.pos] as number) & 0x7f;
        if (reader.pos + 1 + n > buf.length) fail(`truncated name at byte ${reader.pos}`);
        const name = latin1(buf, reader.pos + 1, reader.pos + 1 + n);
        reader.pos += 1 + n;
        setKey(session, name, reader.value(1));
      }
      return session;
    });
  },
};

/**
 * The `php_serialize` handler (one serialize()d array, `a:0:{}` when empty), and Laravel's
 * session payload, which is that string serialize()d once more (`s:<n>:"a:…";`): the inner array
 * is decoded and the result carries `wrappers: ['php-string']`.
 */
export const php_serialize: Decoder = {
  id: 'php_serialize',
  sniff(bytes) {
    const [a, b, c] = bytes;
    if (b !== 0x3a || c === undefined || !isDigit(c)) return 0;
    if (a === 0x61) return 0.9; // a:<n>:{
    if (a === 0x73) return hasAt(bytes, 0x22, 0x61, 0x3a) ? 0.9 : 0.1; // s:<n>:"a:
    return a === 0x4f ? 0.6 : 0; // O:<n>:"Class"
  },
  decode(bytes, limits): DecodeResult {
    const inner = laravelInner(bytes);
    const result = guarded('php_serialize', inner ?? bytes, limits, (input, resolved) => {
      const reader = new PhpReader(asBuffer(input), resolved);
      const value = reader.value();
      if (!reader.done) fail(`trailing bytes at byte ${reader.pos}`);
      return isContainer(value)
        ? value
        : fail(inner === undefined ? 'not a serialized array' : 'a serialized string that holds no serialized array');
    });
    return result.ok && inner !== undefined ? { ...result, wrappers: ['php-string'] } : result;
  },
};

/**
 * The bytes inside Laravel's outer `s:<n>:"…";`, read in place: serialize() lengths count bytes,
 * so the inner payload is exactly that range, with no string round trip.
 */
function laravelInner(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes[0] !== 0x73 || bytes[1] !== 0x3a) return undefined;
  let i = 2;
  let n = 0;
  while (isDigit(bytes[i]) && i < 14) n = n * 10 + ((bytes[i++] as number) - 0x30);
  if (i === 2 || bytes[i] !== 0x3a || bytes[i + 1] !== 0x22) return undefined;
  const start = i + 2;
  const end = start + n;
  return end + 2 === bytes.length && bytes[end] === 0x22 && bytes[end + 1] === 0x3b
    ? bytes.subarray(start, end)
    : undefined;
}

function isContainer(value: DecodedValue): boolean {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array);
}
