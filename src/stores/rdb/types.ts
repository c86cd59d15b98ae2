import type { RdbKeyType } from './rdb-ids.js';

export type { RdbKeyType } from './rdb-ids.js';

/** What the dump's header and AUX fields say about where it came from. */
export interface RdbInfo {
  magic: 'REDIS' | 'VALKEY';
  rdbVersion: number;
  /** AUX `redis-ver` (Redis, Valkey ≤ 8) or `valkey-ver` (Valkey 9+). */
  serverVersion: string | null;
  /** AUX `ctime`: when the dump was taken, ms since the epoch (the reference for remaining TTLs). */
  ctimeMs: number | null;
  /** AUX `used-mem` in bytes. */
  usedMem: number | null;
  /** Every AUX field, values as text (bounded; binary values are latin1). */
  aux: Record<string, string>;
}

/** A hash field's expiry (hash-field-expiry encodings); null when the field has none. */
export type FieldExpiry = number | null;

interface RecordBase {
  db: number;
  key: Buffer;
  /** The RDB type byte (encoding) the value was stored with. */
  rdbType: number;
  /** Absolute expiry, ms since the epoch; null = no TTL. */
  expireAtMs: number | null;
  /** LRU idle seconds at dump time: present only when the server ran an LRU maxmemory-policy. */
  idleS: number | null;
  /** LFU counter (0–255): present only under an LFU maxmemory-policy. */
  freq: number | null;
  /** Byte offset of the record's first byte (its first opcode) in the dump. */
  offset: number;
}

export interface RdbStringRecord extends RecordBase {
  type: 'string';
  value: Buffer;
}

export interface RdbHashRecord extends RecordBase {
  type: 'hash';
  /** Field/value pairs in stored order. */
  value: Array<[field: Buffer, value: Buffer]>;
  /** Per-field expiry, parallel to `value`; present only for the hash-field-expiry encodings. */
  fieldExpiresMs?: FieldExpiry[];
}

/**
 * A key of another type (list, set, sorted set, stream, module, Valkey path hash): its value was stepped over, so
 * the record carries only what the scan counts it by. Yielded only with `readRdb(…, { others: true })`.
 */
export interface RdbOtherRecord extends RecordBase {
  type: Exclude<RdbKeyType, 'string' | 'hash'>;
  /** Bytes the value took in the dump (a live scan reports MEMORY USAGE, the server's in-memory size). */
  bytes: number;
}

export type RdbRecord = RdbStringRecord | RdbHashRecord;

/** Running totals, complete once the dump has been read to its checksum. */
export interface RdbSummary {
  /** Keys seen per type, records and skipped keys alike. */
  keysByType: Partial<Record<RdbKeyType, number>>;
  /** Keys whose value was stepped over because their type is not a session type; by type. */
  skippedByType: Partial<Record<RdbKeyType, number>>;
  /** Module values skipped, by the module type's 9-character name. */
  modules: Record<string, number>;
  /** Keys skipped because the key or value exceeded the size limits. */
  oversized: number;
  /** Hash fields already expired at dump time are kept; this counts hashes that carried field TTLs. */
  hashesWithFieldExpiry: number;
  /** Databases that held keys, ascending. */
  dbs: number[];
  /** RESIZEDB hints per db: what the server said it held when it wrote the dump. */
  resizeHints: Record<number, { keys: number; expires: number }>;
  /** FUNCTION2 libraries and module AUX blocks stepped over. */
  functions: number;
  moduleAux: number;
  /** Bytes read (decompressed). */
  bytes: number;
  /** Largest input buffer held at once: stays near one chunk plus the value limit, whatever the dump's size. */
  peakBufferBytes: number;
  /** The stored checksum: hex, or 'disabled' when the server wrote 0, or null before the end. */
  checksum: string | 'disabled' | null;
  /** True once EOF and a matching checksum were read. */
  complete: boolean;
}

/** Bounds that keep memory flat whatever the dump holds. */
export interface RdbLimits {
  /** Largest key name held; longer keys are skipped and counted. */
  maxKeyBytes: number;
  /** Largest value held (string bytes, or a hash's fields + values); larger ones are skipped and counted. */
  maxValueBytes: number;
  /** Largest AUX value kept in `info.aux`. */
  maxAuxBytes: number;
}

export const DEFAULT_RDB_LIMITS: Readonly<RdbLimits> = Object.freeze({
  maxKeyBytes: 64 * 1024,
  maxValueBytes: 4 * 1024 * 1024,
  maxAuxBytes: 4096,
});
