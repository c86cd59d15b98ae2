/**
 * Offline reading of Redis/Valkey RDB dumps: the `rdb` store kind's parser. Self-contained: it
 * imports nothing from the other stores.
 */
export { readRdb, type RdbDump, type ReadRdbOptions } from './read-rdb.js';
export type { RdbSource } from './open-chunks.js';
export { RdbError } from './rdb-error.js';
export { crc64 } from './crc64.js';
export { MAX_REDIS_VERSION, MAX_VALKEY_VERSION, MIN_REDIS_VERSION } from './read-header.js';
export {
  DEFAULT_RDB_LIMITS,
  type FieldExpiry,
  type RdbHashRecord,
  type RdbInfo,
  type RdbKeyType,
  type RdbLimits,
  type RdbOtherRecord,
  type RdbRecord,
  type RdbStringRecord,
  type RdbSummary,
} from './types.js';
