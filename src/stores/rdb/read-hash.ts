import { skipBytes, type ByteWindow, type Need } from './byte-window.js';
import { listpackEntries } from './listpack.js';
import { T, type RdbFamily } from './rdb-ids.js';
import { corrupt } from './rdb-error.js';
import { readCount, readInt64LE, readLen } from './read-length.js';
import { readString, skipString, TOO_BIG } from './read-string.js';
import type { FieldExpiry } from './types.js';
import { ziplistEntries } from './ziplist.js';
import { zipmapEntries } from './zipmap.js';

/** What each held field or value costs beyond its bytes: empty fields must not be free. */
const ENTRY_COST = 16;

export interface HashValue {
  pairs: Array<[Buffer, Buffer]>;
  expires?: FieldExpiry[];
}

/**
 * A hash in any of its encodings, bounded by `max` bytes of fields plus values: past that the rest
 * is stepped over and the hash comes back as TOO_BIG.
 */
export function* readHash(
  w: ByteWindow,
  type: number,
  family: RdbFamily,
  max: number,
  recordStart: number,
): Generator<Need, HashValue | typeof TOO_BIG, unknown> {
  switch (type) {
    case T.HASH:
      return yield* readPairs(w, 'none', max, recordStart);
    case T.HASH_ZIPMAP:
      return yield* readBlob(w, max, recordStart, (b) => pairsOf(zipmapEntries(b), 2));
    case T.HASH_ZIPLIST:
      return yield* readBlob(w, max, recordStart, (b) => pairsOf(ziplistEntries(b), 2));
    case T.HASH_LISTPACK:
      return yield* readBlob(w, max, recordStart, (b) => pairsOf(listpackEntries(b), 2));
  }
  // Under the VALKEY magic only 22 (HASH_2) is a hash: 23 (PATH_HASH) is stepped over as its own type.
  if (family === 'valkey') return yield* readPairs(w, 'valkey-after', max, recordStart);
  if (type === T.REDIS_HASH_METADATA_PRE_GA) return yield* readPairs(w, 'absolute-before', max, recordStart);
  if (type === T.REDIS_HASH_METADATA) {
    const minExpire = yield* readInt64LE(w, recordStart);
    return yield* readPairs(w, { relativeTo: minExpire }, max, recordStart);
  }
  if (type === T.REDIS_HASH_LISTPACK_EX) yield* skipBytes(w, 8, recordStart); // minExpire: the TTLs inside are absolute
  return yield* readBlob(w, max, recordStart, (b) => pairsOf(listpackEntries(b), 3));
}

/** Where a hashtable-encoded hash keeps each field's TTL. */
type TtlLayout =
  | 'none'
  /** Valkey HASH_2: field, value, then an 8-byte absolute ms expiry (-1 = none). */
  | 'valkey-after'
  /** Redis 7.4 RC: a length-encoded absolute ms expiry (0 = none) before field and value. */
  | 'absolute-before'
  /** Redis 7.4+: a length before field and value, 0 = none, else expireAt - minExpire + 1. */
  | { relativeTo: number };

function* readPairs(
  w: ByteWindow,
  ttl: TtlLayout,
  max: number,
  recordStart: number,
): Generator<Need, HashValue | typeof TOO_BIG, unknown> {
  const n = yield* readCount(w, recordStart, 'hash size');
  const pairs: Array<[Buffer, Buffer]> = [];
  const expires: FieldExpiry[] | undefined = ttl === 'none' ? undefined : [];
  let budget = max;
  for (let i = 0; i < n; i++) {
    let expiry: FieldExpiry = null;
    if (ttl === 'absolute-before' || typeof ttl === 'object') {
      const t = yield* readCount(w, recordStart, 'hash field TTL');
      if (t !== 0) expiry = ttl === 'absolute-before' ? t : t + ttl.relativeTo - 1;
    }
    const field = yield* readString(w, budget, recordStart);
    if (field === TOO_BIG) return yield* skipRest(w, ttl, n - i, 'value', recordStart);
    budget -= field.length + ENTRY_COST;
    const value = yield* readString(w, budget, recordStart);
    if (value === TOO_BIG) return yield* skipRest(w, ttl, n - i, 'ttl', recordStart);
    budget -= value.length + ENTRY_COST;
    if (ttl === 'valkey-after') {
      const t = yield* readInt64LE(w, recordStart);
      if (t !== -1) expiry = t;
    }
    pairs.push([field, value]);
    expires?.push(expiry);
  }
  return expires ? { pairs, expires } : { pairs };
}

/** Steps over the rest of an oversized hash: the current pair from `from`, then `left - 1` whole ones. */
function* skipRest(
  w: ByteWindow,
  ttl: TtlLayout,
  left: number,
  from: 'value' | 'ttl',
  recordStart: number,
): Generator<Need, typeof TOO_BIG, unknown> {
  if (from === 'value') yield* skipString(w, recordStart);
  if (ttl === 'valkey-after') yield* skipBytes(w, 8, recordStart);
  for (let i = 1; i < left; i++) {
    if (ttl === 'absolute-before' || typeof ttl === 'object') yield* readLen(w, recordStart);
    yield* skipString(w, recordStart);
    yield* skipString(w, recordStart);
    if (ttl === 'valkey-after') yield* skipBytes(w, 8, recordStart);
  }
  return TOO_BIG;
}

/** A hash stored as one packed blob (zipmap, ziplist, listpack): read it whole, then split it. */
function* readBlob(
  w: ByteWindow,
  max: number,
  recordStart: number,
  split: (blob: Buffer) => HashValue | string,
): Generator<Need, HashValue | typeof TOO_BIG, unknown> {
  const at = w.offset;
  const blob = yield* readString(w, max, recordStart);
  if (blob === TOO_BIG) return TOO_BIG;
  const value = split(blob);
  if (typeof value === 'string') throw corrupt(value, at);
  return value;
}

/** Groups flat entries into pairs (width 2) or field/value/ttl triplets (width 3, TTL 0 = none). */
export function pairsOf(entries: Buffer[] | string, width: 2 | 3): HashValue | string {
  if (typeof entries === 'string') return entries;
  if (entries.length % width !== 0) return `packed hash holds ${entries.length} entries, not a multiple of ${width}`;
  const pairs: Array<[Buffer, Buffer]> = [];
  const expires: FieldExpiry[] = [];
  for (let i = 0; i < entries.length; i += width) {
    pairs.push([entries[i]!, entries[i + 1]!]);
    if (width === 3) {
      const t = Number(entries[i + 2]!.toString('latin1'));
      if (!Number.isSafeInteger(t)) return 'packed hash field TTL is not an integer';
      expires.push(t === 0 ? null : t);
    }
  }
  return width === 3 ? { pairs, expires } : { pairs };
}
