import type { Buffer } from 'node:buffer';
import { fail } from './decode-failure.js';
import { BlockData, plainOf } from './java-values.js';
import { intValue, latin1, setKey } from './text.js';
import type { DecodedValue, DecodeLimits } from './types.js';

const TC = {
  NULL: 0x70,
  REFERENCE: 0x71,
  CLASSDESC: 0x72,
  OBJECT: 0x73,
  STRING: 0x74,
  ARRAY: 0x75,
  CLASS: 0x76,
  BLOCKDATA: 0x77,
  ENDBLOCKDATA: 0x78,
  RESET: 0x79,
  BLOCKDATALONG: 0x7a,
  LONGSTRING: 0x7c,
  PROXYCLASSDESC: 0x7d,
  ENUM: 0x7e,
} as const;
const SC_WRITE_METHOD = 0x01;
const SC_SERIALIZABLE = 0x02;
const SC_EXTERNALIZABLE = 0x04;
const SC_BLOCK_DATA = 0x08;
const BASE_HANDLE = 0x7e0000;

interface Field {
  type: string;
  name: string;
}

interface ClassDesc {
  name: string;
  flags: number;
  fields: Field[];
  parent: ClassDesc | null;
}

/**
 * The Java Object Serialization Stream (`\xac\xed\x00\x05`, JdkSerializationRedisSerializer)
 * read as data, like a stream dumper would: no class is loaded and no readObject runs. Strings,
 * boxed primitives, enums, arrays and the common collections become plain values; any other object
 * becomes `{ $opaque: className, state: { field: value, …, $data?: [custom writeObject data] } }`.
 */
export class JavaReader {
  private pos = 4;
  private readonly handles: unknown[] = [];
  private created = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly limits: DecodeLimits,
  ) {}

  read(): DecodedValue {
    if (this.buf.length < 4 || this.buf.readUInt32BE(0) !== 0xaced0005) fail('not a Java serialization stream');
    const value = this.content(0);
    if (this.pos !== this.buf.length) fail(`trailing bytes at byte ${this.pos}`);
    return value;
  }

  private content(depth: number): DecodedValue {
    const item = this.item(depth);
    return item instanceof BlockData ? item.bytes : item;
  }

  private item(depth: number): DecodedValue | BlockData {
    if (depth > this.limits.maxDepth) fail(`nesting deeper than ${this.limits.maxDepth}`);
    if (++this.created > this.limits.maxElements) fail(`more than ${this.limits.maxElements} values`);
    const tc = this.u8();
    switch (tc) {
      case TC.NULL:
        return null;
      case TC.REFERENCE: {
        const target = this.handles[this.i32() - BASE_HANDLE];
        if (target === undefined) fail('reference to an unknown handle');
        return isClassDesc(target) ? { $opaque: 'java.lang.Class', state: target.name } : (target as DecodedValue);
      }
      case TC.STRING:
        return this.handle(this.utf(this.u16()));
      case TC.LONGSTRING:
        return this.handle(this.utf(this.length64()));
      case TC.BLOCKDATA:
        return new BlockData(this.block(this.u8()));
      case TC.BLOCKDATALONG:
        return new BlockData(this.block(this.count()));
      case TC.CLASS:
        return { $opaque: 'java.lang.Class', state: this.classDesc(depth)?.name ?? null };
      case TC.ENUM: {
        const desc = this.classDesc(depth) ?? fail('enum without a class');
        const at = this.handles.push(null) - 1;
        const name = this.content(depth + 1);
        return (this.handles[at] = { $opaque: desc.name, state: name });
      }
      case TC.ARRAY:
        return this.array(depth);
      case TC.OBJECT:
        return this.object(depth);
      case TC.CLASSDESC:
      case TC.PROXYCLASSDESC: {
        this.pos--;
        return { $opaque: 'java.io.ObjectStreamClass', state: this.classDesc(depth)?.name ?? null };
      }
      default:
        return fail(`unsupported stream token 0x${tc.toString(16)} at byte ${this.pos - 1}`);
    }
  }

  private object(depth: number): DecodedValue {
    const desc = this.classDesc(depth) ?? fail('object without a class');
    const at = this.handles.push(null) - 1;
    const chain: ClassDesc[] = [];
    // A parent may be a reference back to a class of its own chain: a cycle, not a hierarchy.
    for (let d: ClassDesc | null = desc; d !== null; d = d.parent) {
      if (chain.includes(d)) fail(`class hierarchy of ${desc.name} is a cycle`);
      chain.unshift(d);
    }
    const state: Record<string, DecodedValue> = {};
    const data: (DecodedValue | BlockData)[] = [];
    for (const cls of chain) {
      if (cls.flags & SC_EXTERNALIZABLE) {
        if (!(cls.flags & SC_BLOCK_DATA)) fail(`externalizable ${cls.name} in the old stream protocol`);
        this.annotation(depth, data);
        continue;
      }
      if (!(cls.flags & SC_SERIALIZABLE)) continue;
      for (const field of cls.fields) setKey(state, field.name, this.fieldValue(field.type, depth));
      if (cls.flags & SC_WRITE_METHOD) this.annotation(depth, data);
    }
    return (this.handles[at] = plainOf(desc.name, state, data));
  }

  private array(depth: number): DecodedValue {
    const desc = this.classDesc(depth) ?? fail('array without a class');
    const at = this.handles.push(null) - 1;
    const n = this.count();
    const element = desc.name.slice(1);
    if (element === 'B') return (this.handles[at] = new Uint8Array(this.buf.subarray(this.take(n), this.pos)));
    const items: DecodedValue[] = [];
    this.handles[at] = items;
    for (let i = 0; i < n; i++) items.push(this.fieldValue(element[0] ?? 'L', depth));
    return items;
  }

  private fieldValue(type: string, depth: number): DecodedValue {
    switch (type[0]) {
      case 'B':
        return (this.u8() << 24) >> 24;
      case 'C':
        return String.fromCharCode(this.u16());
      case 'D':
        return this.buf.readDoubleBE(this.take(8));
      case 'F':
        return this.buf.readFloatBE(this.take(4));
      case 'I':
        return this.i32();
      case 'J':
        return intValue(this.buf.readBigInt64BE(this.take(8)));
      case 'S':
        return this.buf.readInt16BE(this.take(2));
      case 'Z':
        return this.u8() !== 0;
      case 'L':
      case '[':
        return this.content(depth + 1);
      default:
        return fail(`bad field type ${JSON.stringify(type)}`);
    }
  }

  private annotation(depth: number, into: (DecodedValue | BlockData)[]): void {
    for (;;) {
      if (this.buf[this.pos] === TC.ENDBLOCKDATA) {
        this.pos++;
        return;
      }
      into.push(this.item(depth + 1));
    }
  }

  private classDesc(depth: number): ClassDesc | null {
    // Counted for proxy and plain descriptions alike: a parent chain is as deep as any nesting.
    if (depth > this.limits.maxDepth) fail(`class hierarchy deeper than ${this.limits.maxDepth}`);
    const tc = this.u8();
    if (tc === TC.NULL) return null;
    if (tc === TC.REFERENCE) {
      const target = this.handles[this.i32() - BASE_HANDLE];
      return isClassDesc(target) ? target : fail('class reference to a non-class handle');
    }
    if (tc === TC.PROXYCLASSDESC) {
      const desc: ClassDesc = { name: 'java.lang.reflect.Proxy', flags: SC_SERIALIZABLE, fields: [], parent: null };
      this.handles.push(desc);
      const n = this.count();
      for (let i = 0; i < n; i++) this.utf(this.u16());
      this.annotation(depth, []);
      desc.parent = this.classDesc(depth + 1);
      return desc;
    }
    if (tc !== TC.CLASSDESC) fail(`expected a class description at byte ${this.pos - 1}`);
    const name = this.utf(this.u16());
    this.take(8); // serialVersionUID
    const desc: ClassDesc = { name, flags: 0, fields: [], parent: null };
    this.handles.push(desc);
    desc.flags = this.u8();
    const n = this.u16();
    for (let i = 0; i < n; i++) {
      const code = String.fromCharCode(this.u8());
      const fieldName = this.utf(this.u16());
      const type = code === 'L' || code === '[' ? this.content(depth + 1) : code;
      desc.fields.push({
        type: typeof type === 'string' ? (code === '[' ? type : code) : fail('bad field class name'),
        name: fieldName,
      });
    }
    this.annotation(depth, []);
    desc.parent = this.classDesc(depth + 1);
    return desc;
  }

  private handle<T>(value: T): T {
    this.handles.push(value);
    return value;
  }

  private block(n: number): Uint8Array {
    return new Uint8Array(this.buf.subarray(this.take(n), this.pos));
  }

  /** Java's modified UTF-8: NUL as C0 80, supplementary characters as surrogate pairs. */
  private utf(n: number): string {
    const at = this.take(n);
    let ascii = true;
    for (let i = at; i < at + n; i++)
      if ((this.buf[i] as number) > 0x7f) {
        ascii = false;
        break;
      }
    if (ascii) return latin1(this.buf, at, at + n);
    let out = '';
    for (let i = at; i < at + n;) {
      const a = this.buf[i++] as number;
      if (a < 0x80) out += String.fromCharCode(a);
      else if ((a & 0xe0) === 0xc0 && i < at + n)
        out += String.fromCharCode(((a & 0x1f) << 6) | ((this.buf[i++] as number) & 0x3f));
      else if ((a & 0xf0) === 0xe0 && i + 1 < at + n)
        out += String.fromCharCode(
          ((a & 0x0f) << 12) | (((this.buf[i++] as number) & 0x3f) << 6) | ((this.buf[i++] as number) & 0x3f),
        );
      else fail('bad modified UTF-8');
    }
    return out;
  }

  private length64(): number {
    const big = this.buf.readBigInt64BE(this.take(8));
    if (big < 0n || big > BigInt(this.buf.length - this.pos)) fail('long string length exceeds the input');
    return Number(big);
  }

  private count(): number {
    const n = this.i32();
    if (n < 0 || n > this.buf.length - this.pos) fail(`length ${n} at byte ${this.pos} exceeds the input`);
    return n;
  }

  private i32(): number {
    return this.buf.readInt32BE(this.take(4));
  }
  private u16(): number {
    return this.buf.readUInt16BE(this.take(2));
  }
  private u8(): number {
    return this.buf[this.take(1)] as number;
  }

  private take(n: number): number {
    const at = this.pos;
    if (at + n > this.buf.length) fail(`truncated at byte ${at}`);
    this.pos += n;
    return at;
  }
}

function isClassDesc(value: unknown): value is ClassDesc {
  return typeof value === 'object' && value !== null && 'fields' in value && 'flags' in value;
}
