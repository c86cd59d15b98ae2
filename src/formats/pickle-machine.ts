import type { Buffer } from 'node:buffer';
import { fail } from './decode-failure.js';
import { reduce } from './pickle-globals.js';
import { isDict, PickleGlobal, PickleInstance } from './pickle-objects.js';
import { readDecimal, readFloatLine, readQuoted, readRawUnicode } from './pickle-text.js';
import { intValue, keyString, latin1, setKey, textOrBytes, utf8Text } from './text.js';
import type { DecodedValue, DecodeLimits } from './types.js';

/** Bytes beyond this in one LONG/LONG4 (Python's own int_max_str_digits is 4300 digits). */
const MAX_LONG_BYTES = 1800;

/**
 * The pickle virtual machine (protocols 0–5) reduced to data: it keeps Python's stack, mark
 * stack and memo, but every opcode that would import or call something (GLOBAL, STACK_GLOBAL,
 * REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ, BUILD, EXT*, PERSID) only records names and arguments.
 */
export function runPickle(buf: Buffer, limits: DecodeLimits): DecodedValue {
  const stack: DecodedValue[] = [];
  const marks: number[] = [];
  const memo = new Map<number, DecodedValue>();
  const end = buf.length;
  let created = 0;
  let pos = 0;

  const need = (n: number): number => {
    if (pos + n > end) fail(`truncated at byte ${pos}`);
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = (): number => buf[need(1)] as number;
  const u32 = (): number => buf.readUInt32LE(need(4));
  const u64 = (): number => {
    const at = need(8);
    if (buf.readUInt32LE(at + 4) !== 0) fail(`length at byte ${at} is over 4 GiB`);
    return buf.readUInt32LE(at);
  };
  const pop = (): DecodedValue =>
    stack.length > (marks.at(-1) ?? 0) ? (stack.pop() as DecodedValue) : fail(`stack underflow at byte ${pos - 1}`);
  const top = (): DecodedValue =>
    stack.length > (marks.at(-1) ?? 0)
      ? (stack[stack.length - 1] as DecodedValue)
      : fail(`stack underflow at byte ${pos - 1}`);
  const popMark = (): DecodedValue[] => stack.splice(marks.pop() ?? fail(`no MARK before byte ${pos - 1}`));
  const push = (value: DecodedValue): void => {
    if (++created > limits.maxElements) fail(`more than ${limits.maxElements} values`);
    stack.push(value);
  };
  const text = (n: number): string => {
    const at = need(n);
    return utf8Text(buf, at, at + n) ?? buf.toString('utf8', at, at + n);
  };
  const bytes = (n: number): Uint8Array => {
    const at = need(n);
    return new Uint8Array(buf.subarray(at, at + n));
  };
  const byteString = (n: number): DecodedValue => {
    const at = need(n);
    return textOrBytes(buf, at, at + n);
  };
  const long = (n: number): DecodedValue => {
    if (n > MAX_LONG_BYTES) fail(`integer of ${n} bytes is too long`);
    const at = need(n);
    if (n === 0) return 0;
    if (n <= 6) {
      // fits a double exactly: no BigInt (timestamps in ms are LONG1 of 6 bytes)
      let v = 0;
      for (let i = at + n - 1; i >= at; i--) v = v * 256 + (buf[i] as number);
      return (buf[at + n - 1] as number) & 0x80 ? v - 2 ** (8 * n) : v;
    }
    let hex = '';
    for (let i = at + n - 1; i >= at; i--) hex += (buf[i] as number).toString(16).padStart(2, '0');
    let v = BigInt('0x' + hex);
    if ((buf[at + n - 1] as number) & 0x80) v -= 1n << BigInt(8 * n);
    return intValue(v);
  };
  const setItems = (target: DecodedValue, items: DecodedValue[]): void => {
    if (items.length % 2 !== 0) fail('odd number of items for SETITEMS');
    const dict = isDict(target)
      ? target
      : target instanceof PickleInstance
        ? target.dictItems()
        : fail('SETITEM on a non-dict');
    for (let i = 0; i < items.length; i += 2)
      setKey(dict, keyString(items[i] as DecodedValue), items[i + 1] as DecodedValue);
  };
  const appendItems = (target: DecodedValue, items: DecodedValue[]): void => {
    const list = Array.isArray(target)
      ? target
      : target instanceof PickleInstance
        ? target.listItems()
        : fail('APPEND on a non-list');
    for (const item of items) list.push(item);
  };
  /** Protocol 0 arguments are newline-terminated text lines. */
  const line = (): string => {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) fail(`truncated: unterminated line at byte ${pos}`);
    const text = latin1(buf, pos, nl);
    pos = nl + 1;
    return text;
  };
  /** A memo index line (`p0`, `g12`), read from the bytes without making a string. */
  const lineIndex = (): number => {
    let value = 0;
    let i = pos;
    for (; i < end && i - pos < 10; i++) {
      const c = (buf[i] as number) - 0x30;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
    }
    if (i === pos || buf[i] !== 0x0a) return readDecimal(line()); // not a plain index: fails with the line in the reason
    pos = i + 1;
    return value;
  };
  /** UNICODE: raw-unicode-escape; a line of plain ASCII without escapes is the text itself (and cacheable). */
  const unicodeLine = (): string => {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0 || !isPlain(buf, pos, nl)) return readRawUnicode(line());
    const text = utf8Text(buf, pos, nl) as string;
    pos = nl + 1;
    return text;
  };
  const global = (name: string): PickleGlobal => {
    if (name.length > 512 || name.length === 0) fail('bad global name');
    return new PickleGlobal(name);
  };

  while (pos < end) {
    const op = buf[pos++] as number;
    switch (op) {
      case 0x80: {
        // PROTO
        const proto = u8();
        if (proto > 5) fail(`unsupported pickle protocol ${proto}`);
        break;
      }
      case 0x95:
        u64();
        break; // FRAME: a length hint only
      case 0x2e: {
        // STOP
        const result = pop();
        if (stack.length > 0 || marks.length > 0) fail('values left on the stack at STOP');
        return result;
      }
      case 0x28: // MARK: open marks are containers under construction, so they nest no deeper than the value may
        if (marks.push(stack.length) > limits.maxDepth * 2) fail(`MARKs nested deeper than ${limits.maxDepth * 2}`);
        break;
      case 0x7d:
        push({});
        break; // EMPTY_DICT
      case 0x5d:
        push([]);
        break; // EMPTY_LIST
      case 0x29:
        push([]);
        break; // EMPTY_TUPLE
      case 0x8f:
        push([]);
        break; // EMPTY_SET
      case 0x4e:
        push(null);
        break; // NONE
      case 0x88:
        push(true);
        break; // NEWTRUE
      case 0x89:
        push(false);
        break; // NEWFALSE
      case 0x4b:
        push(u8());
        break; // BININT1
      case 0x4d: {
        const at = need(2);
        push(buf.readUInt16LE(at));
        break;
      } // BININT2
      case 0x4a: {
        const at = need(4);
        push(buf.readInt32LE(at));
        break;
      } // BININT
      case 0x8a:
        push(long(u8()));
        break; // LONG1
      case 0x8b:
        push(long(u32()));
        break; // LONG4
      case 0x47: {
        const at = need(8);
        push(buf.readDoubleBE(at));
        break;
      } // BINFLOAT
      case 0x8c:
        push(text(u8()));
        break; // SHORT_BINUNICODE
      case 0x58:
        push(text(u32()));
        break; // BINUNICODE
      case 0x8d:
        push(text(u64()));
        break; // BINUNICODE8
      case 0x43:
        push(bytes(u8()));
        break; // SHORT_BINBYTES
      case 0x42:
        push(bytes(u32()));
        break; // BINBYTES
      case 0x8e:
        push(bytes(u64()));
        break; // BINBYTES8
      case 0x96:
        push(bytes(u64()));
        break; // BYTEARRAY8
      case 0x55:
        push(byteString(u8()));
        break; // SHORT_BINSTRING (Python 2 str)
      case 0x54: {
        const at = need(4);
        const n = buf.readInt32LE(at);
        if (n < 0) fail('negative BINSTRING length');
        push(byteString(n));
        break;
      }
      case 0x94: {
        if (stack.length === 0) fail('MEMOIZE on an empty stack');
        memo.set(memo.size, top());
        break;
      }
      case 0x71:
        memo.set(u8(), top());
        break; // BINPUT
      case 0x72:
        memo.set(u32(), top());
        break; // LONG_BINPUT
      case 0x70:
        memo.set(lineIndex(), top());
        break; // PUT
      case 0x68:
        push(recall(memo, u8()));
        break; // BINGET
      case 0x6a:
        push(recall(memo, u32()));
        break; // LONG_BINGET
      case 0x67:
        push(recall(memo, lineIndex()));
        break; // GET
      case 0x32:
        push(top());
        break; // DUP
      case 0x30:
        if (stack.length > (marks.at(-1) ?? 0)) stack.pop();
        else popMark();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x85:
        push([pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        push([pop(), b]);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop();
        const b = pop();
        push([pop(), b, c]);
        break;
      } // TUPLE3
      case 0x74:
        push(popMark());
        break; // TUPLE
      case 0x6c:
        push(popMark());
        break; // LIST
      case 0x91:
        push(popMark());
        break; // FROZENSET
      case 0x64: {
        const items = popMark();
        const dict = {};
        push(dict);
        setItems(dict, items);
        break;
      } // DICT
      case 0x61: {
        // APPEND
        const v = pop();
        const target = top();
        if (Array.isArray(target)) target.push(v);
        else appendItems(target, [v]);
        break;
      }
      case 0x65: {
        const items = popMark();
        appendItems(top(), items);
        break;
      } // APPENDS
      case 0x90: {
        const items = popMark();
        appendItems(top(), items);
        break;
      } // ADDITEMS
      case 0x73: {
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      } // SETITEM
      case 0x75: {
        const items = popMark();
        setItems(top(), items);
        break;
      } // SETITEMS
      case 0x63: {
        // GLOBAL
        const module = line();
        push(global(`${module}.${line()}`));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof name !== 'string' || typeof module !== 'string') fail('STACK_GLOBAL needs two strings');
        push(global(`${module}.${name}`));
        break;
      }
      case 0x52: {
        const args = pop();
        const callable = pop();
        push(reduce(callable, Array.isArray(args) ? args : fail('REDUCE arguments are not a tuple')));
        break;
      }
      case 0x81: {
        const args = pop();
        const cls = pop();
        push(new PickleInstance(nameOf(cls), Array.isArray(args) ? args : [args]));
        break;
      } // NEWOBJ
      case 0x92: {
        const kwargs = pop();
        const args = pop();
        const cls = pop();
        push(new PickleInstance(nameOf(cls), Array.isArray(args) ? args : [args], kwargs));
        break;
      } // NEWOBJ_EX
      case 0x69: {
        // INST
        const module = line();
        const name = line();
        push(new PickleInstance(global(`${module}.${name}`).$opaque, popMark()));
        break;
      }
      case 0x6f: {
        const [cls, ...args] = popMark();
        push(new PickleInstance(nameOf(cls ?? null), args));
        break;
      } // OBJ
      case 0x62: {
        // BUILD
        const state = pop();
        const target = top();
        if (target instanceof PickleInstance) target.build(state);
        else if (isDict(target) && isDict(state)) for (const k in state) setKey(target, k, state[k] as DecodedValue);
        else fail('BUILD on a value that is not an object');
        break;
      }
      case 0x82:
        push(new PickleGlobal(`copyreg.extension:${u8()}`));
        break; // EXT1
      case 0x83: {
        const at = need(2);
        push(new PickleGlobal(`copyreg.extension:${buf.readUInt16LE(at)}`));
        break;
      }
      case 0x84:
        push(new PickleGlobal(`copyreg.extension:${u32()}`));
        break; // EXT4
      case 0x50:
        push(new PickleInstance('pickle.persistent_id', [line()]));
        break; // PERSID
      case 0x51:
        push(new PickleInstance('pickle.persistent_id', [pop()]));
        break; // BINPERSID
      case 0x97:
        return fail('out-of-band buffer (NEXT_BUFFER) is not in the payload');
      case 0x98:
        break; // READONLY_BUFFER
      case 0x49: {
        // INT (protocol 0; "01"/"00" are True/False)
        const text = line();
        push(text === '01' ? true : text === '00' ? false : readInteger(text));
        break;
      }
      case 0x4c:
        push(readInteger(line().replace(/L$/, '')));
        break; // LONG
      case 0x46:
        push(readFloatLine(line()));
        break; // FLOAT
      case 0x53:
        push(readQuoted(line()));
        break; // STRING
      case 0x56:
        push(unicodeLine());
        break; // UNICODE
      default:
        fail(`unknown opcode 0x${op.toString(16).padStart(2, '0')} at byte ${pos - 1}`);
    }
  }
  return fail('truncated: no STOP opcode');
}

/** ASCII without backslashes: raw-unicode-escape and UTF-8 read it the same. */
function isPlain(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c > 0x7f || c === 0x5c) return false;
  }
  return true;
}

function recall(memo: Map<number, DecodedValue>, index: number): DecodedValue {
  const value = memo.get(index);
  return value === undefined ? fail(`memo ${index} read before it was written`) : value;
}

function nameOf(cls: DecodedValue): string {
  return cls instanceof PickleGlobal ? cls.$opaque : fail('NEWOBJ/OBJ on a value that is not a class');
}

function readInteger(line: string): number | bigint {
  if (!/^[+-]?\d{1,4300}$/.test(line)) fail(`bad integer ${JSON.stringify(line.slice(0, 40))}`);
  return intValue(BigInt(line));
}
