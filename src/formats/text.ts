import { Buffer, isAscii as nativeIsAscii } from 'node:buffer';
import { checkBounds } from './bounds.js';
import type { DecodedValue } from './types.js';

/** A composite map key is stringified, so it gets a small budget of its own first. */
const KEY_LIMITS = { maxInputBytes: 0, maxDepth: 8, maxElements: 256, maxOutputBytes: 4096, maxInflatedBytes: 0 };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A Buffer view of the same memory (no copy), for its fast latin1/utf8 slicers. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Node's undocumented but stable slicer behind `toString('latin1', s, e)`, minus its argument checks. */
interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}

/** Clamped to the buffer, so a sniffer peeking past a short input gets a shorter string, not a throw. */
export function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as Latin1Slicer).latin1Slice(Math.min(start, buf.length), Math.min(end, buf.length));
}

/** Below these lengths a JS loop beats the call into native code (measured on Node 20): a view costs an allocation. */
const NATIVE_WHOLE_MIN = 64;
const NATIVE_VIEW_MIN = 160;

export function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  // node's SIMD check: ~0.4 ns/byte against ~0.9 ns/byte for the loop; a whole buffer needs no view
  if (start === 0 && end === bytes.length) {
    if (end >= NATIVE_WHOLE_MIN) return nativeIsAscii(bytes);
  } else if (end - start >= NATIVE_VIEW_MIN) return nativeIsAscii(bytes.subarray(start, end));
  for (let i = start; i < end; i++) if ((bytes[i] as number) > 0x7f) return false;
  return true;
}

/** Short ASCII strings (map keys, flags, small values) repeat across payloads: cached by content. */
const CACHE_SLOTS = 4096;
const CACHE_MAX_LENGTH = 16;
const cachedBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(CACHE_SLOTS);
const cachedText: string[] = new Array<string>(CACHE_SLOTS);

/**
 * UTF-8 text of bytes[start, end); undefined when it is not valid UTF-8. Session strings are
 * nearly always ASCII: short ones come from a content-addressed cache (no allocation, no GC),
 * longer ones from latin1Slice, which copies without the UTF-8 state machine.
 */
export function utf8Text(buf: Buffer, start: number, end: number): string | undefined {
  const n = end - start;
  if (n <= CACHE_MAX_LENGTH) {
    let hash = n;
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      if (c > 0x7f) return utf8Slow(buf, start, end);
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    const slot = hash & (CACHE_SLOTS - 1);
    const known = cachedBytes[slot];
    if (known !== undefined && known.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (known[i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return cachedText[slot];
    }
    // callers pass a checked range, so the unclamped slicer is safe here (this is the hot path)
    const text = (buf as unknown as Latin1Slicer).latin1Slice(start, end);
    cachedBytes[slot] = new Uint8Array(buf.subarray(start, end));
    cachedText[slot] = text;
    return text;
  }
  if (isAscii(buf, start, end)) return (buf as unknown as Latin1Slicer).latin1Slice(start, end);
  return utf8Slow(buf, start, end);
}

/**
 * `buf.toString('utf8')` (an invalid sequence becomes U+FFFD), without its generic slicer for the
 * ASCII text store keys nearly always are: the scan converts every key it reads.
 */
export function utf8Lossy(buf: Buffer): string {
  const n = buf.length;
  if (n < NATIVE_WHOLE_MIN) {
    for (let i = 0; i < n; i++) if ((buf[i] as number) > 0x7f) return buf.toString('utf8');
  } else if (!nativeIsAscii(buf)) return buf.toString('utf8');
  return (buf as unknown as Latin1Slicer).latin1Slice(0, n);
}

/**
 * The same text, holding no larger string alive. V8 makes a substring a view of the string it was
 * cut from, and a dump's key texts are cut from one decoded string per packed segment: a prefix or
 * an example kept for the whole scan would keep its segment's keys in memory with it.
 */
export function ownCopy(text: string): string {
  // Slicing a concatenation flattens it into a new string first: the slice's parent is that copy.
  return (' ' + text).slice(1);
}

function utf8Slow(buf: Buffer, start: number, end: number): string | undefined {
  try {
    return utf8.decode(buf.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** Text when valid UTF-8, else a copy of the raw bytes: a byte string from Python 2, PHP or Ruby. */
export function textOrBytes(buf: Buffer, start: number, end: number): string | Uint8Array {
  return utf8Text(buf, start, end) ?? new Uint8Array(buf.subarray(start, end));
}

/** Integers are numbers while they are safe, bigints beyond. */
export function intValue(n: bigint): number | bigint {
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

/**
 * The string key for a map key of another type (Python, Ruby, PHP and msgpack allow them):
 * numbers and bigints in decimal, booleans and null as JSON spells them, bytes as their UTF-8
 * (or latin1) text, anything else as its JSON form with bigints in decimal and bytes as text.
 */
export function keyString(key: DecodedValue): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean' || key === null)
    return String(key);
  if (key instanceof Uint8Array) {
    const buf = asBuffer(key);
    return utf8Text(buf, 0, buf.length) ?? latin1(buf, 0, buf.length);
  }
  checkBounds(key, KEY_LIMITS);
  return JSON.stringify(key, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? keyString(v) : v,
  );
}

/** Sets an own property even for `__proto__`, which plain assignment would turn into a prototype swap. */
export function setKey(target: Record<string, DecodedValue>, key: string, value: DecodedValue): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
