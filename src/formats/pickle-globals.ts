import { Buffer } from 'node:buffer';
import { setKey } from './text.js';
import type { DecodedValue } from './types.js';
import { isDict, PickleGlobal, PickleInstance } from './pickle-objects.js';

/**
 * Reductions whose result is plain data, mapped without running anything. Returning undefined
 * keeps the call opaque. Python 2 spells the builtins module `__builtin__`.
 */
const SAFE_REDUCTIONS: Record<string, (args: DecodedValue[]) => DecodedValue | undefined> = {
  'builtins.set': listOf,
  'builtins.frozenset': listOf,
  '__builtin__.set': listOf,
  '__builtin__.frozenset': listOf,
  'builtins.list': listOf,
  'builtins.tuple': listOf,
  'builtins.dict': (args) => (args.length === 0 ? {} : undefined),
  'collections.OrderedDict': (args) => (args.length === 0 ? {} : undefined),
  'builtins.bytearray': bytesOf,
  '__builtin__.bytearray': bytesOf,
  'builtins.bytes': bytesOf,
  '_codecs.encode': bytesOf,
  'datetime.datetime': (args) =>
    args.length === 1 && args[0] instanceof Uint8Array && args[0].length === 10 ? isoDateTime(args[0]) : undefined,
  'datetime.date': (args) =>
    args.length === 1 && args[0] instanceof Uint8Array && args[0].length === 4 ? isoDate(args[0]) : undefined,
};

/** The value of calling `callable(*args)` as data: a safe mapping, else an opaque instance. */
export function reduce(callable: DecodedValue, args: DecodedValue[]): DecodedValue {
  const name =
    callable instanceof PickleGlobal ? callable.$opaque : callable instanceof PickleInstance ? callable.$opaque : '?';
  if (callable instanceof PickleGlobal) {
    const mapped = SAFE_REDUCTIONS[name]?.(args);
    if (mapped !== undefined) return mapped;
    // protocol 0/1 objects: copyreg._reconstructor(cls, base, state)
    if ((name === 'copyreg._reconstructor' || name === 'copy_reg._reconstructor') && args[0] instanceof PickleGlobal) {
      return reconstruct(args[0].$opaque, args[1], args[2]);
    }
  }
  return new PickleInstance(name, args);
}

/** A protocol 0/1 instance of a list or dict subclass carries its items as the base's state. */
function reconstruct(cls: string, base: DecodedValue | undefined, state: DecodedValue | undefined): PickleInstance {
  const instance = new PickleInstance(cls, []);
  const baseName = base instanceof PickleGlobal ? base.$opaque.replace(/^__builtin__\./, 'builtins.') : '';
  if (baseName === 'builtins.list' && Array.isArray(state)) {
    const items = instance.listItems();
    for (const item of state) items.push(item);
  } else if (baseName === 'builtins.dict' && isDict(state)) {
    const items = instance.dictItems();
    for (const key in state) setKey(items, key, state[key] as DecodedValue);
  } else if (state !== null && state !== undefined) instance.state = { args: [state] };
  return instance;
}

function listOf(args: DecodedValue[]): DecodedValue | undefined {
  if (args.length === 0) return [];
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : undefined;
}

/** bytes/bytearray arrive as bytes (protocol 3+) or as latin-1 text plus an encoding name (0–2). */
function bytesOf(args: DecodedValue[]): DecodedValue | undefined {
  const [data, encoding] = args;
  if (data === undefined) return new Uint8Array(0);
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string' && (encoding === 'latin1' || encoding === 'latin-1'))
    return new Uint8Array(Buffer.from(data, 'latin1'));
  return undefined;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function isoDate(b: Uint8Array): string {
  return `${pad((b[0] as number) * 256 + (b[1] as number), 4)}-${pad((b[2] as number) & 0x7f)}-${pad(b[3] as number)}`;
}

/** A naive datetime (no tzinfo argument), as ISO 8601 without a zone. */
function isoDateTime(b: Uint8Array): string {
  const micros = ((b[7] as number) << 16) | ((b[8] as number) << 8) | (b[9] as number);
  return `${isoDate(b)}T${pad(b[4] as number)}:${pad(b[5] as number)}:${pad(b[6] as number)}.${pad(micros, 6)}`;
}
