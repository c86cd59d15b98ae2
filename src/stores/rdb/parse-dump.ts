import { SessctlError } from '../../errors.js';
import { ensure, FULL, NEED, type ByteWindow, type Full, type Need } from './byte-window.js';
import { crc64Hex } from './crc64.js';
import { fastRecord } from './fast-record.js';
import { keyTypeOf, OP, type RdbKeyType } from './rdb-ids.js';
import { corrupt, unsupported } from './rdb-error.js';
import { readAux } from './read-aux.js';
import { readHeader } from './read-header.js';
import { readCount, readInt64LE, readLen, readLen64 } from './read-length.js';
import { readRecord } from './read-record.js';
import { skipString } from './read-string.js';
import { skipModuleValue } from './skip-value.js';
import { skipRespCommand } from './skip-resp-command.js';
import type { RdbInfo, RdbLimits, RdbOtherRecord, RdbRecord, RdbSummary } from './types.js';

/**
 * Records handed over at once. A chunk holds thousands of session keys: handed over whole, they
 * and everything the scan builds from them outlive the young generation's collections, which then
 * copy them (the offline scan spent a fifth of its time in GC); a live SCAN batch is about this size.
 */
export const BATCH_RECORDS = 1000;

/**
 * The whole dump as one resumable parse: pushes each string or hash record onto `out` as soon as
 * it is read, yields FULL when `out` holds a batch, and NEED whenever the window runs dry (the
 * driver then takes `out`, appends a chunk if NEED, and resumes; suspending once per batch, not
 * per record, is what keeps it fast). Per-key
 * opcodes (expiry, IDLE, FREQ, key metadata) apply to the next key only. Reading stops at EOF
 * after the checksum is verified.
 */
export function* parseDump(
  w: ByteWindow,
  limits: RdbLimits,
  info: RdbInfo,
  summary: RdbSummary,
  out: Array<RdbRecord | RdbOtherRecord>,
  others = false,
  views = false,
): Generator<Need | Full, void, unknown> {
  while (w.avail < 9) {
    if (w.eof)
      throw new SessctlError('SESSCTL_FILE', `not an RDB dump: ${w.avail} bytes, shorter than the 9-byte header`, {
        hint: 'give a dump written by SAVE/BGSAVE or redis-cli --rdb',
      });
    yield NEED;
  }
  const header = readHeader(w.buf.subarray(w.pos, w.pos + 9));
  w.pos += 9;
  info.magic = header.magic;
  info.rdbVersion = header.rdbVersion;
  const { family } = header;
  /** Counts a key by type, and its db the first time it holds one (kept current for partial reads). */
  const count = (type: RdbKeyType) => {
    summary.keysByType[type] = (summary.keysByType[type] ?? 0) + 1;
    if (summary.dbs[summary.dbs.length - 1] !== db && !summary.dbs.includes(db))
      summary.dbs = [...summary.dbs, db].sort((a, b) => a - b);
  };
  let db = 0;
  let expireAtMs: number | null = null;
  let idleS: number | null = null;
  let freq: number | null = null;
  let start = -1;
  for (;;) {
    if (start < 0) {
      if (out.length >= BATCH_RECORDS) yield FULL;
      start = w.offset;
      const fast = fastRecord(w, db, limits, start, views);
      if (fast !== undefined) {
        count(fast.type);
        start = -1;
        out.push(fast);
        continue;
      }
    }
    if (w.end === w.pos) yield* ensure(w, 1, start);
    const op = w.buf[w.pos++]!;
    switch (op) {
      case OP.EXPIRETIME_MS:
        expireAtMs = yield* readInt64LE(w, start);
        continue;
      case OP.EXPIRETIME:
        yield* ensure(w, 4, start);
        expireAtMs = w.buf.readInt32LE(w.pos) * 1000;
        w.pos += 4;
        continue;
      case OP.IDLE:
        idleS = yield* readCount(w, start, 'IDLE');
        continue;
      case OP.FREQ:
        yield* ensure(w, 1, start);
        freq = w.buf[w.pos++]!;
        continue;
      case OP.KEY_META_OR_SLOT_IMPORT:
        if (family === 'valkey') {
          // valkey-io/valkey 9.x `src/cluster_migrateslots.c` clusterRDBSaveSlotImports: an import
          // in progress on this node, the job name (a string) and its slot ranges (start, end lengths).
          // Cluster state, not keys: stepped over.
          yield* skipString(w, start);
          for (let n = yield* readCount(w, start, 'SLOT_IMPORT range count'); n > 0; n--) {
            yield* readCount(w, start, 'SLOT_IMPORT start slot');
            yield* readCount(w, start, 'SLOT_IMPORT end slot');
          }
          start = -1;
          continue;
        }
        // Redis 8.6 key metadata: module classes, each a 4-byte class spec and an annotated value.
        for (let n = yield* readCount(w, start, 'key metadata classes'); n > 0; n--) {
          yield* ensure(w, 4, start);
          w.pos += 4;
          yield* skipModuleValue(w, start);
        }
        continue;
      case OP.SELECTDB:
        db = yield* readCount(w, start, 'SELECTDB');
        start = -1;
        continue;
      case OP.RESIZEDB: {
        const keys = yield* readCount(w, start, 'RESIZEDB');
        const expires = yield* readCount(w, start, 'RESIZEDB');
        summary.resizeHints[db] = { keys, expires };
        start = -1;
        continue;
      }
      case OP.SLOT_INFO:
        for (let i = 0; i < 3; i++) yield* readCount(w, start, 'SLOT_INFO');
        start = -1;
        continue;
      case OP.AUX:
        yield* readAux(w, limits.maxAuxBytes, info, start);
        start = -1;
        continue;
      case OP.MODULE_AUX: {
        yield* readLen64(w, start); // module id
        const at = w.offset;
        if ((yield* readLen(w, start)) !== 2) throw corrupt('module AUX "when" is not an unsigned-integer opcode', at);
        yield* readLen(w, start);
        yield* skipModuleValue(w, start);
        summary.moduleAux++;
        start = -1;
        continue;
      }
      case OP.FUNCTION2:
        yield* skipString(w, start);
        summary.functions++;
        start = -1;
        continue;
      case OP.FUNCTION_PRE_GA:
        throw unsupported(
          'functions in the Redis 7.0 release-candidate format (opcode 246)',
          start,
          'load the dump into Redis 7.0+ and save it again',
        );
      case OP.VALKEY_UPDATE:
        if (family === 'valkey') {
          // valkey-io/valkey `src/rdb.h` RDB_OPCODE_UPDATE: a replication command written inline by a
          // forkless save to a replica's socket, as a RESP multi-bulk. A write that raced the save:
          // stepped over, as its key (if a session) is read from the keyspace part anyway.
          yield* skipRespCommand(w, start);
          start = -1;
          continue;
        }
        break;
      case OP.EOF:
        return yield* checksum(w, start, summary);
    }
    const type = keyTypeOf(op, family);
    if (type === undefined)
      throw corrupt(`unknown value type or opcode ${op} in an RDB ${info.rdbVersion} dump`, start);
    yield* readRecord(
      w,
      op,
      type,
      family,
      limits,
      { db, expireAtMs, idleS, freq, offset: start },
      summary,
      out,
      others,
    );
    count(type);
    expireAtMs = idleS = freq = null;
    start = -1;
  }
}

/** After EOF: the 8-byte little-endian CRC-64 of everything before it (0 = the server had it off). */
function* checksum(w: ByteWindow, start: number, summary: RdbSummary): Generator<Need, void, unknown> {
  const crc = w.foldCrc();
  yield* ensure(w, 8, start);
  const lo = w.buf.readUInt32LE(w.pos);
  const hi = w.buf.readUInt32LE(w.pos + 4);
  w.pos += 8;
  summary.bytes = w.offset;
  if (lo === 0 && hi === 0) summary.checksum = 'disabled';
  else {
    const stored = hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
    const computed = crc64Hex(crc);
    if (stored !== computed)
      throw corrupt(`checksum mismatch: the dump says ${stored}, its bytes give ${computed}`, start);
    summary.checksum = stored;
  }
  summary.complete = true;
}
