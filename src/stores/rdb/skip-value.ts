import { ensure, skipBytes, type ByteWindow, type Need } from './byte-window.js';
import { T } from './rdb-ids.js';
import { corrupt, unsupported } from './rdb-error.js';
import { readCount, readLen, readLen64 } from './read-length.js';
import { skipString } from './read-string.js';
import { skipPathHash } from './skip-path-hash.js';

/**
 * Steps over a value of a type sessctl does not read (lists, sets, sorted sets, streams,
 * module values), holding none of it. Returns the module type name for module values.
 */
export function* skipValue(
  w: ByteWindow,
  type: number,
  recordStart: number,
): Generator<Need, string | undefined, unknown> {
  switch (type) {
    case T.LIST:
    case T.SET:
    case T.LIST_QUICKLIST:
      return void (yield* repeat(w, 'element count', recordStart, () => skipString(w, recordStart)));
    case T.ZSET:
      return void (yield* repeat(w, 'sorted set size', recordStart, function* () {
        yield* skipString(w, recordStart);
        yield* skipTextDouble(w, recordStart);
      }));
    case T.ZSET_2:
      return void (yield* repeat(w, 'sorted set size', recordStart, function* () {
        yield* skipString(w, recordStart);
        yield* skipBytes(w, 8, recordStart);
      }));
    case T.LIST_QUICKLIST_2:
      return void (yield* repeat(w, 'quicklist size', recordStart, function* () {
        const at = w.offset;
        const container = yield* readCount(w, recordStart, 'quicklist node container');
        if (container !== 1 && container !== 2)
          throw corrupt(`quicklist node container ${container} is neither PLAIN (1) nor PACKED (2)`, at);
        yield* skipString(w, recordStart);
      }));
    case T.HASH_ZIPMAP:
    case T.LIST_ZIPLIST:
    case T.SET_INTSET:
    case T.ZSET_ZIPLIST:
    case T.HASH_ZIPLIST:
    case T.HASH_LISTPACK:
    case T.ZSET_LISTPACK:
    case T.SET_LISTPACK:
      return void (yield* skipString(w, recordStart));
    case T.STREAM_LISTPACKS:
    case T.STREAM_LISTPACKS_2:
    case T.STREAM_LISTPACKS_3:
    case T.REDIS_STREAM_LISTPACKS_4:
      return void (yield* skipStream(w, type, recordStart));
    case T.VALKEY_PATH_HASH: // only Valkey's 23 is stepped over: Redis's is a hash, read
      return void (yield* skipPathHash(w, recordStart));
    case T.MODULE_2: {
      const id = yield* readLen64(w, recordStart);
      yield* skipModuleValue(w, recordStart);
      return moduleTypeName(id);
    }
    case T.MODULE_PRE_GA: {
      // No annotations in this format: only the module itself knows where its value ends.
      const name = moduleTypeName(yield* readLen64(w, recordStart));
      throw unsupported(
        `a value of module type '${name}' in the Redis 4.0 release-candidate format (type 6), which only the module can read`,
        recordStart,
        'load the dump into a server with the module and save it again',
      );
    }
  }
  throw corrupt(`cannot step over type ${type}`, recordStart);
}

function* repeat(
  w: ByteWindow,
  what: string,
  recordStart: number,
  each: () => Generator<Need, void, unknown>,
): Generator<Need, void, unknown> {
  const n = yield* readCount(w, recordStart, what);
  for (let i = 0; i < n; i++) yield* each();
}

/** The pre-ZSET_2 score: a length byte (253 NaN, 254 +inf, 255 -inf) or that many ASCII digits. */
function* skipTextDouble(w: ByteWindow, recordStart: number): Generator<Need, void, unknown> {
  yield* ensure(w, 1, recordStart);
  const len = w.buf[w.pos++]!;
  if (len < 253) yield* skipBytes(w, len, recordStart);
}

/**
 * Stream layout (rdb.c rdbLoadObject): listpack nodes, counters, then consumer groups with their
 * pending-entry lists. Types 19 and 21 add fields; every one is a length, a string or fixed bytes.
 * Type 26 (Redis 8.6, RDB 13) appends the idempotent-producer (IDMP) state after the groups.
 */
function* skipStream(w: ByteWindow, type: number, recordStart: number): Generator<Need, void, unknown> {
  yield* repeat(w, 'stream listpack count', recordStart, function* () {
    yield* skipString(w, recordStart); // master entry id
    yield* skipString(w, recordStart); // listpack
  });
  yield* skipLens(w, 3, recordStart); // length, last id ms, last id seq
  if (type >= T.STREAM_LISTPACKS_2) yield* skipLens(w, 5, recordStart); // first id, max deleted id, entries added
  yield* repeat(w, 'stream consumer group count', recordStart, function* () {
    yield* skipString(w, recordStart); // group name
    yield* skipLens(w, type >= T.STREAM_LISTPACKS_2 ? 3 : 2, recordStart); // last id (+ entries read)
    yield* repeat(w, 'stream pending list size', recordStart, function* () {
      yield* skipBytes(w, 16 + 8, recordStart); // raw entry id, delivery time
      yield* skipLens(w, 1, recordStart); // delivery count
    });
    yield* repeat(w, 'stream consumer count', recordStart, function* () {
      yield* skipString(w, recordStart); // consumer name
      yield* skipBytes(w, type >= T.STREAM_LISTPACKS_3 ? 16 : 8, recordStart); // seen (+ active) time
      yield* repeat(w, 'consumer pending list size', recordStart, () => skipBytes(w, 16, recordStart));
    });
  });
  if (type === T.REDIS_STREAM_LISTPACKS_4) yield* skipIdmp(w, recordStart);
}

/**
 * The IDMP tail of a type-26 stream, as redis/redis 8.6 `src/rdb.c` rdbSaveObject writes it (PR
 * redis/redis#14615; read back the same way by redis/librdb `src/lib/parser.c`, PR #93 "Support RDB
 * v13", states ST_LOAD_IDMP_*): duration and max entries (lengths), a producer count, each producer
 * a pid string and an entry count, each entry an iid string and a stream id (ms, seq as lengths);
 * then the iids-added and iids-duplicates counters (lengths).
 */
function* skipIdmp(w: ByteWindow, recordStart: number): Generator<Need, void, unknown> {
  yield* skipLens(w, 2, recordStart); // duration (s), max entries
  yield* repeat(w, 'stream IDMP producer count', recordStart, function* () {
    yield* skipString(w, recordStart); // pid
    yield* repeat(w, 'stream IDMP entry count', recordStart, function* () {
      yield* skipString(w, recordStart); // iid
      yield* skipLens(w, 2, recordStart); // stream id ms, seq
    });
  });
  yield* skipLens(w, 2, recordStart); // iids added, iids duplicates
}

function* skipLens(w: ByteWindow, n: number, recordStart: number): Generator<Need, void, unknown> {
  for (let i = 0; i < n; i++) yield* readCount(w, recordStart, 'stream field');
}

const MODULE_OPCODE = { EOF: 0, SINT: 1, UINT: 2, FLOAT: 3, DOUBLE: 4, STRING: 5 } as const;

/**
 * A module value saved with annotations (MODULE_2, module AUX, Redis 8.6 key metadata): opcode,
 * value, … until the EOF opcode. The annotations are what make it skippable without the module.
 */
export function* skipModuleValue(w: ByteWindow, recordStart: number): Generator<Need, void, unknown> {
  for (;;) {
    const at = w.offset;
    const op = yield* readLen(w, recordStart);
    switch (op) {
      case MODULE_OPCODE.EOF:
        return;
      case MODULE_OPCODE.SINT:
      case MODULE_OPCODE.UINT:
        yield* readLen64(w, recordStart);
        break;
      case MODULE_OPCODE.FLOAT:
        yield* skipBytes(w, 4, recordStart);
        break;
      case MODULE_OPCODE.DOUBLE:
        yield* skipBytes(w, 8, recordStart);
        break;
      case MODULE_OPCODE.STRING:
        yield* skipString(w, recordStart);
        break;
      default:
        throw corrupt(`unknown module value opcode ${op}`, at);
    }
  }
}

const MODULE_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A module type id holds its 9-character name in the top 54 bits, 6 bits a character (module.c). */
export function moduleTypeName(id: bigint): string {
  let bits = id >> 10n;
  let name = '';
  for (let i = 0; i < 9; i++) {
    name = MODULE_CHARSET[Number(bits & 63n)]! + name;
    bits >>= 6n;
  }
  return name;
}
