import type { Buffer } from 'node:buffer';
import { fail } from './decode-failure.js';
import { intValue, keyString, latin1, setKey, textOrBytes } from './text.js';
import type { DecodedValue, DecodeLimits } from './types.js';

const enum C {
  N = 0x4e,
  b = 0x62,
  i = 0x69,
  d = 0x64,
  s = 0x73,
  a = 0x61,
  O = 0x4f,
  C = 0x43,
  E = 0x45,
  R = 0x52,
  r = 0x72,
  colon = 0x3a,
  semi = 0x3b,
  quote = 0x22,
  open = 0x7b,
  close = 0x7d,
}

/** Slot of an array still being read: its final value (list or map) is not known yet. */
const BUILDING: DecodedValue = Object.freeze({});

/**
 * PHP unserialize() as data. One reader serves a whole session string, because PHP numbers
 * reference slots (`R:n;`, `r:n;`) across all variables of a session, in pre-order, keys excluded.
 * Objects become `{ $opaque: class, state }` with property names unmangled (private `\0Class\0p`
 * and protected `\0*\0p` → `p`); no class is loaded and no __wakeup/__unserialize runs.
 * An array whose keys are exactly 0..n-1 in order becomes a JS array, any other a JS object.
 */
export class PhpReader {
  pos = 0;
  private readonly slots: DecodedValue[] = [null];
  private created = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly limits: DecodeLimits,
    start = 0,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  value(depth = 0): DecodedValue {
    if (depth > this.limits.maxDepth) fail(`nesting deeper than ${this.limits.maxDepth}`);
    if (++this.created > this.limits.maxElements) fail(`more than ${this.limits.maxElements} values`);
    const type = this.buf[this.pos++];
    if (type === C.N) {
      this.expect(C.semi);
      return this.slot(null);
    }
    if (type === C.R || type === C.r) {
      this.expect(C.colon);
      const index = this.int(C.semi);
      const target = typeof index === 'number' && index > 0 ? this.slots[index] : undefined;
      if (target === undefined) fail(`reference ${String(index)} to an unknown slot`);
      if (target === BUILDING) fail('reference to an array that contains it (a cycle)');
      return type === C.r ? this.slot(target) : target;
    }
    this.expect(C.colon);
    switch (type) {
      case C.b:
        return this.slot(this.int(C.semi) !== 0);
      case C.i:
        return this.slot(this.int(C.semi));
      case C.d:
        return this.slot(this.float());
      case C.s:
        return this.slot(this.string());
      case C.a:
        return this.array(depth);
      case C.O:
        return this.object(depth);
      case C.C: {
        const cls = this.name();
        const at = this.slots.length;
        this.slots.push(null);
        const length = this.count(C.colon);
        this.expect(C.open);
        const data = this.bytes(length);
        this.expect(C.close);
        return (this.slots[at] = { $opaque: cls, state: data });
      }
      case C.E: {
        const text = this.string();
        const [cls, kase] = typeof text === 'string' ? text.split(':') : [];
        if (cls === undefined || kase === undefined) fail('bad enum value');
        return this.slot({ $opaque: cls, state: kase });
      }
      default:
        return fail(
          `unknown PHP type ${type === undefined ? 'at end of input' : JSON.stringify(String.fromCharCode(type))} at byte ${this.pos - 1}`,
        );
    }
  }

  private slot<T extends DecodedValue>(value: T): T {
    this.slots.push(value);
    return value;
  }

  private array(depth: number): DecodedValue {
    const at = this.slots.length;
    this.slots.push(BUILDING);
    const n = this.count(C.colon);
    this.expect(C.open);
    const keys: (string | number)[] = [];
    const values: DecodedValue[] = [];
    let sequential = true;
    for (let i = 0; i < n; i++) {
      const key = this.key();
      if (key !== i) sequential = false;
      keys.push(key);
      values.push(this.value(depth + 1));
    }
    this.expect(C.close);
    if (sequential) return (this.slots[at] = values);
    const object: Record<string, DecodedValue> = {};
    for (let i = 0; i < n; i++) setKey(object, String(keys[i]), values[i] as DecodedValue);
    return (this.slots[at] = object);
  }

  private object(depth: number): DecodedValue {
    const cls = this.name();
    const state: Record<string, DecodedValue> = {};
    const object = this.slot({ $opaque: cls, state });
    const n = this.count(C.colon);
    this.expect(C.open);
    for (let i = 0; i < n; i++) {
      const key = String(this.key());
      setKey(state, key.charCodeAt(0) === 0 ? key.slice(key.indexOf('\0', 1) + 1) : key, this.value(depth + 1));
    }
    this.expect(C.close);
    return object;
  }

  /** Keys are `i:` or `s:` values and take no slot. */
  private key(): string | number {
    const type = this.buf[this.pos++];
    this.expect(C.colon);
    if (type === C.i) {
      const n = this.int(C.semi);
      return typeof n === 'number' ? n : n.toString();
    }
    if (type !== C.s) fail(`array key of type ${String(type)} at byte ${this.pos - 2}`);
    const key = this.string();
    return typeof key === 'string' ? key : keyString(key);
  }

  /** `"Class":` as in O: and C: (length-prefixed). */
  private name(): string {
    const length = this.count(C.colon);
    this.expect(C.quote);
    const at = this.take(length);
    this.expect(C.quote);
    this.expect(C.colon);
    return latin1(this.buf, at, at + length);
  }

  /** `len:"bytes";` */
  private string(): string | Uint8Array {
    const length = this.count(C.colon);
    this.expect(C.quote);
    const at = this.take(length);
    this.expect(C.quote);
    this.expect(C.semi);
    return textOrBytes(this.buf, at, at + length);
  }

  private bytes(length: number): string | Uint8Array {
    const at = this.take(length);
    return textOrBytes(this.buf, at, at + length);
  }

  /** A non-negative length or count that the remaining input can actually hold. */
  private count(terminator: number): number {
    const n = this.int(terminator);
    if (typeof n !== 'number' || n < 0 || n > this.buf.length - this.pos)
      fail(`length ${String(n)} at byte ${this.pos} exceeds the input`);
    return n;
  }

  /** A decimal integer up to `terminator`: digits summed in place, BigInt only past 15 digits. */
  private int(terminator: number): number | bigint {
    const buf = this.buf;
    const start = this.pos;
    let i = start;
    const negative = buf[i] === 0x2d;
    if (negative || buf[i] === 0x2b) i++;
    const digitsFrom = i;
    let value = 0;
    for (; i < buf.length && i - digitsFrom < 24; i++) {
      const c = buf[i] as number;
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
    }
    const digits = i - digitsFrom;
    if (digits === 0 || buf[i] !== terminator) fail(`truncated or bad integer at byte ${start}`);
    this.pos = i + 1;
    if (digits <= 15) return negative && value !== 0 ? -value : value;
    return intValue(BigInt(latin1(buf, start, i)));
  }

  private float(): number {
    const start = this.pos;
    const end = this.buf.indexOf(C.semi, start);
    if (end < 0 || end - start > 400) fail(`truncated or bad float at byte ${start}`);
    const text = latin1(this.buf, start, end);
    this.pos = end + 1;
    if (text === 'INF') return Number.POSITIVE_INFINITY;
    if (text === '-INF') return Number.NEGATIVE_INFINITY;
    if (text === 'NAN') return Number.NaN;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text))
      fail(`bad float ${JSON.stringify(text)} at byte ${start}`);
    return Number(text);
  }

  private take(length: number): number {
    const at = this.pos;
    if (at + length > this.buf.length) fail(`truncated at byte ${at}`);
    this.pos += length;
    return at;
  }

  private expect(byte: number): void {
    if (this.buf[this.pos] !== byte) fail(`expected ${JSON.stringify(String.fromCharCode(byte))} at byte ${this.pos}`);
    this.pos++;
  }
}
