/**
 * Type and opcode numbers of the RDB format (redis/redis and valkey-io/valkey `src/rdb.h`).
 * The two servers share 0–21; from 22 on the numbers mean different things in each family, which
 * the dump's magic tells apart (`REDIS` vs `VALKEY`).
 */
export const T = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE_PRE_GA: 6,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
  SET_LISTPACK: 20,
  STREAM_LISTPACKS_3: 21,
  /** Redis 7.4 release candidates: absolute field TTLs. Valkey: HASH_2. */
  REDIS_HASH_METADATA_PRE_GA: 22,
  /** Redis 7.4 release candidates. Valkey 9.2 (RDB 81): PATH_HASH, a type of its own (`pathhash`). */
  REDIS_HASH_LISTPACK_EX_PRE_GA: 23,
  REDIS_HASH_METADATA: 24,
  REDIS_HASH_LISTPACK_EX: 25,
  /** Redis 8.6 (RDB 13): stream with idempotent-producer state. */
  REDIS_STREAM_LISTPACKS_4: 26,
  VALKEY_HASH_2: 22,
  VALKEY_PATH_HASH: 23,
} as const;

export const OP = {
  /** Valkey 9: an inline replication command during a forkless save. */
  VALKEY_UPDATE: 242,
  /** Redis 8.6: per-key module metadata before the type byte. Valkey 9: slot import state. */
  KEY_META_OR_SLOT_IMPORT: 243,
  SLOT_INFO: 244,
  FUNCTION2: 245,
  FUNCTION_PRE_GA: 246,
  MODULE_AUX: 247,
  IDLE: 248,
  FREQ: 249,
  AUX: 250,
  RESIZEDB: 251,
  EXPIRETIME_MS: 252,
  EXPIRETIME: 253,
  SELECTDB: 254,
  EOF: 255,
} as const;

/** The logical type a record or a skipped key is counted under. */
export type RdbKeyType = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream' | 'module' | 'pathhash';

/** Which server family wrote the dump: decides what ids 22+ and 243 mean. */
export type RdbFamily = 'redis' | 'valkey';

export function keyTypeOf(type: number, family: RdbFamily): RdbKeyType | undefined {
  switch (type) {
    case T.STRING:
      return 'string';
    case T.HASH:
    case T.HASH_ZIPMAP:
    case T.HASH_ZIPLIST:
    case T.HASH_LISTPACK:
      return 'hash';
    case T.LIST:
    case T.LIST_ZIPLIST:
    case T.LIST_QUICKLIST:
    case T.LIST_QUICKLIST_2:
      return 'list';
    case T.SET:
    case T.SET_INTSET:
    case T.SET_LISTPACK:
      return 'set';
    case T.ZSET:
    case T.ZSET_2:
    case T.ZSET_ZIPLIST:
    case T.ZSET_LISTPACK:
      return 'zset';
    case T.STREAM_LISTPACKS:
    case T.STREAM_LISTPACKS_2:
    case T.STREAM_LISTPACKS_3:
      return 'stream';
    case T.MODULE_PRE_GA:
    case T.MODULE_2:
      return 'module';
  }
  if (family === 'valkey')
    return type === T.VALKEY_HASH_2 ? 'hash' : type === T.VALKEY_PATH_HASH ? 'pathhash' : undefined;
  if (type >= T.REDIS_HASH_METADATA_PRE_GA && type <= T.REDIS_HASH_LISTPACK_EX) return 'hash';
  if (type === T.REDIS_STREAM_LISTPACKS_4) return 'stream';
  return undefined;
}
