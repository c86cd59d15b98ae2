import type { Buffer } from 'node:buffer';
import { fail } from './decode-failure.js';
import { intValue, keyString, latin1, setKey, textOrBytes } from './text.js';
import type { DecodedValue, DecodeLimits, OpaqueValue } from './types.js';

/** An object of a Ruby class (o, S, U, u, d, C, e, c, m, /): recorded with its state, never instantiated. */
interface RubyObject extends OpaqueValue {
  state?: DecodedValue;
}

/**
 * Ruby Marshal 4.8 as data. Keeps Ruby's two tables: symbols (for `;` symlinks) and objects
 * (for `@` links), registering each object when Ruby does, so links resolve to the same value.
 * Shared links are bounded afterwards by the expanded-size walk.
 */
export class MarshalReader {
  private pos = 2;
  private readonly symbols: string[] = [];
  private readonly objects: DecodedValue[] = [];
  private created = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly limits: DecodeLimits,
  ) {}

  read(): DecodedValue {
    if (this.buf[0] !== 4 || (this.buf[1] ?? 9) > 8) fail('not Marshal 4.8 (bad version header)');
    const value = this.value(0);
    if (this.pos !== this.buf.length) fail(`trailing bytes at byte ${this.pos}`);
    return value;
  }

  private value(depth: number): DecodedValue {
    if (depth > this.limits.maxDepth) fail(`nesting deeper than ${this.limits.maxDepth}`);
    if (++this.created > this.limits.maxElements) fail(`more than ${this.limits.maxElements} values`);
    const at = this.pos;
    const type = this.u8();
    switch (type) {
      case 0x30:
        return null; // 0
      case 0x54:
        return true; // T
      case 0x46:
        return false; // F
      case 0x69:
        return this.int(); // i fixnum
      case 0x3a:
        return this.symbol(); // :
      case 0x3b:
        return this.symbols[this.int()] ?? fail(`symlink to an unknown symbol at byte ${at}`); // ;
      case 0x40:
        return this.objects[this.int()] ?? fail(`link to an unknown object at byte ${at}`); // @
      case 0x49: {
        // I: the object, then its instance variables (for strings: the encoding)
        // One level deeper, like any wrapper: `IIII…` must reach the depth limit, not the stack's.
        const inner = this.value(depth + 1);
        const ivars = this.ivars(depth);
        if (isRubyObject(inner) && ivars !== undefined)
          inner.state = inner.state === undefined ? ivars : { value: inner.state, ivars };
        return inner;
      }
      case 0x22:
        return this.entry(this.bytes()); // " string
      case 0x66:
        return this.entry(this.float()); // f
      case 0x6c:
        return this.entry(this.bignum()); // l
      case 0x5b: {
        // [
        const n = this.count();
        const list: DecodedValue[] = this.entry([]);
        for (let i = 0; i < n; i++) list.push(this.value(depth + 1));
        return list;
      }
      case 0x7b:
      case 0x7d: {
        // { hash, } hash with a default value (the default is dropped)
        const n = this.count();
        const hash: Record<string, DecodedValue> = this.entry({});
        for (let i = 0; i < n; i++) {
          const key = keyString(this.value(depth + 1));
          setKey(hash, key, this.value(depth + 1));
        }
        if (type === 0x7d) this.value(depth + 1);
        return hash;
      }
      case 0x6f: {
        // o object: class, instance variables
        const object: RubyObject = { $opaque: this.className(depth) };
        this.entry(object);
        const ivars = this.ivars(depth, true);
        if (ivars !== undefined) object.state = ivars;
        return object;
      }
      case 0x53: {
        // S struct: class, members
        const object: RubyObject = { $opaque: this.className(depth) };
        this.entry(object);
        object.state = this.ivars(depth, true) ?? {};
        return object;
      }
      case 0x43:
      case 0x65: {
        // C user subclass of a core type, e object extended with a module
        const name = this.className(depth);
        return { $opaque: name, state: this.value(depth + 1) };
      }
      case 0x75: {
        // u _dump: class, raw bytes
        const name = this.className(depth);
        return this.entry({ $opaque: name, state: this.bytes() });
      }
      case 0x55:
      case 0x64: {
        // U marshal_dump, d data: class, then the dumped object
        const object: RubyObject = { $opaque: this.className(depth) };
        this.entry(object);
        object.state = this.value(depth + 1);
        return object;
      }
      case 0x2f: {
        // / regexp: source, options
        const source = this.bytes();
        return this.entry({ $opaque: 'Regexp', state: { source, options: this.u8() } });
      }
      case 0x63:
      case 0x6d:
      case 0x4d: // c class, m module, M old module: a name only
        return this.entry({ $opaque: type === 0x63 ? 'Class' : 'Module', state: this.bytes() });
      default:
        return fail(`unknown Marshal type 0x${type.toString(16)} at byte ${at}`);
    }
  }

  private entry<T extends DecodedValue>(value: T): T {
    this.objects.push(value);
    return value;
  }

  /** Instance variables as a map; `@` is dropped from object ivars, `E`/`encoding` of strings are consumed. */
  private ivars(depth: number, objectIvars = false): Record<string, DecodedValue> | undefined {
    const n = this.count();
    let out: Record<string, DecodedValue> | undefined;
    for (let i = 0; i < n; i++) {
      const name = this.value(depth + 1);
      if (typeof name !== 'string') fail('instance variable name is not a symbol');
      const value = this.value(depth + 1);
      if (!objectIvars && (name === 'E' || name === 'encoding')) continue;
      setKey((out ??= {}), name.startsWith('@') ? name.slice(1) : name, value);
    }
    return out;
  }

  /** The class name is read below the object's depth: `o o o …` (a class named by an object) is a depth bomb too. */
  private className(depth: number): string {
    const name = this.value(depth + 1);
    return typeof name === 'string' ? name : fail('class name is not a symbol');
  }

  private symbol(): string {
    const name = this.bytes();
    const text = typeof name === 'string' ? name : keyString(name);
    this.symbols.push(text);
    return text;
  }

  private bytes(): string | Uint8Array {
    const n = this.count();
    const at = this.take(n);
    return textOrBytes(this.buf, at, at + n);
  }

  private float(): number {
    const n = this.count();
    const at = this.take(n);
    const nul = this.buf.indexOf(0, at);
    const text = latin1(this.buf, at, nul >= 0 && nul < at + n ? nul : at + n);
    if (text === 'nan') return Number.NaN;
    if (text === 'inf') return Number.POSITIVE_INFINITY;
    if (text === '-inf') return Number.NEGATIVE_INFINITY;
    const value = Number(text);
    return Number.isNaN(value) || text.trim() === '' ? fail(`bad float ${JSON.stringify(text.slice(0, 40))}`) : value;
  }

  private bignum(): number | bigint {
    const sign = this.u8();
    if (sign !== 0x2b && sign !== 0x2d) fail('bad bignum sign');
    const words = this.count();
    if (words > 900) fail(`bignum of ${words} words is too long`);
    const at = this.take(words * 2);
    let hex = '';
    for (let i = at + words * 2 - 1; i >= at; i--) hex += (this.buf[i] as number).toString(16).padStart(2, '0');
    const magnitude = hex === '' ? 0n : BigInt('0x' + hex);
    return intValue(sign === 0x2d ? -magnitude : magnitude);
  }

  /** Marshal's packed integer: small values in one byte, else 1–4 little-endian bytes. */
  private int(): number {
    const c = (this.u8() << 24) >> 24;
    if (c === 0) return 0;
    if (c > 4) return c - 5;
    if (c < -4) return c + 5;
    const n = Math.abs(c);
    const at = this.take(n);
    let x = 0;
    for (let i = n - 1; i >= 0; i--) x = x * 256 + (this.buf[at + i] as number);
    return c > 0 ? x : x - 2 ** (8 * n);
  }

  /** A length or count, which the remaining input must be able to hold (at least a byte each). */
  private count(): number {
    const n = this.int();
    if (n < 0 || n > this.buf.length - this.pos) fail(`length ${n} at byte ${this.pos} exceeds the input`);
    return n;
  }

  private take(n: number): number {
    const at = this.pos;
    if (at + n > this.buf.length) fail(`truncated at byte ${at}`);
    this.pos += n;
    return at;
  }

  private u8(): number {
    if (this.pos >= this.buf.length) fail(`truncated at byte ${this.pos}`);
    return this.buf[this.pos++] as number;
  }
}

function isRubyObject(value: DecodedValue): value is RubyObject {
  return typeof value === 'object' && value !== null && '$opaque' in value && !Array.isArray(value);
}
