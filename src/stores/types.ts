import type { SessctlError } from '../errors.js';
import type { CounterSource } from './counters.js';
import type { StoreKind } from './store-url.js';
import type { Pacer, Rate } from './pace.js';
import type { StoreWriter, WriterOptions } from './writer.js';

/**
 * What a store can do, declared once for the whole project: the scan stores (`Store`) and the
 * middleware's session stores (`SessionStore`, a subset) both state theirs in these terms. Callers
 * (scan, clean, restore, inspect, the session manager) branch on these, never on the store kind.
 */
export interface StoreCapabilities {
  /** Payload reads leave idle time and fetch flags alone (Redis/Valkey ≥ 7.2 CLIENT NO-TOUCH, memcached `mg … u`, memory peek). */
  noTouch: boolean;
  /** Per-key idle seconds (Redis OBJECT IDLETIME, memcached now − la). False under an LFU policy. */
  idleTime: boolean;
  /** Per-key "read since last write" bit (memcached metadump `fetch=`). */
  fetchFlag: boolean;
  /** Per-key remaining TTL (a session store: `get` reports it). */
  ttl: boolean;
  /**
   * A key's expiry can be moved without rewriting its value (Redis PEXPIRE/EXPIRE NX, memcached
   * touch, memory pexpire): the session store's `touch`, and clean's `--fix-ttl`.
   */
  touch: boolean;
  /** Every key can be listed (SCAN on every primary, metadump on every server). */
  enumerate: boolean;
  /** Exact backup and undo: Redis DUMP + RESTORE … ABSTTL IDLETIME. memcached restores value, flags, exp. */
  dumpRestore: boolean;
  /**
   * How a delete can be made conditional on "unchanged since the scan": `lua` (EVAL with PTTL/IDLETIME/
   * value checks), `delex` (Redis ≥ 8.4 DELEX IFDEQ), `cas` (memcached `md <key> C<cas>`), `compare`
   * (in-process compare-and-delete), or false.
   */
  conditionalDelete: 'lua' | 'delex' | 'cas' | 'compare' | false;
}

export type StoreNodeRole = 'primary' | 'replica' | 'server';

export interface StoreNodeInfo {
  /** `host:port` (never credentials); `memory://name` for the in-process store. */
  id: string;
  role: StoreNodeRole;
  version: string;
  /** Keys on the node (DBSIZE / curr_items), the denominator of progress. */
  keys: number;
  /** Keys with a TTL (Redis INFO keyspace `expires`), when the server says. */
  expires?: number;
  uptimeS?: number;
  /** Set when the node could not be reached; its keys are missing from the walk. */
  error?: string;
}

export interface IdleTrust {
  /** Idle/fetch figures can be used to prove `never-read` and `stale`. */
  usable: boolean;
  /** Why they may lie, in plain words (also when usable: e.g. "payload reads reset idle time"). */
  reasons: string[];
  /** Where usable idle times come from, when not from a live read (an RDB dump's IDLE records). */
  from?: string;
}

/**
 * What an RDB dump says about itself (store kind `rdb`): filled in as the walk reads it, final
 * once the walk has ended.
 */
export interface DumpFacts {
  path: string;
  magic: 'REDIS' | 'VALKEY';
  rdbVersion: number;
  /** AUX `redis-ver` / `valkey-ver`. */
  serverVersion: string | null;
  /** AUX `ctime` as ISO 8601: the instant every TTL and idle time of the dump refers to. */
  ctime: string | null;
  /** AUX `used-mem`, bytes. */
  usedMem: number | null;
  /** Databases holding keys, with the server's own count for each (RESIZEDB) where the dump has it. */
  databases: Array<{ db: number; keys: number | null; expires: number | null }>;
  /** Values stepped over: keys of other types (by type; they count in the totals as live), and values past the size limits (not counted). */
  skipped: { byType: Record<string, number>; oversized: number };
  /** Keys whose expiry had passed when the dump was taken: gone for the server, left out of the scan. */
  expired: number;
  /** `hex`, `disabled` (the server wrote 0), or null when the end was not reached. */
  checksum: string | null;
  /** The dump was read to a matching checksum. */
  complete: boolean;
}

export interface StoreInfo {
  kind: StoreKind;
  /** Server version of the first node, e.g. `redis 7.0.15`, `valkey 8.1.1`, `memcached 1.6.18`. */
  version: string;
  nodes: StoreNodeInfo[];
  /** Instant estimate before any walk: keys, and keys without TTL where the server tells. */
  estimate: { keys: number; withoutTtl?: number };
  idleTrust: IdleTrust;
  /** The instant the records describe when it is not now: an RDB dump's ctime (ms since the epoch). */
  clockMs?: number;
  /** Store kind `rdb`: the dump's own facts. */
  dump?: DumpFacts;
}

export type RawValueType = 'string' | 'hash' | 'other' | 'none';

/** One key as the store saw it, read without disturbing it. Time fields are relative to the server's clock at read time. */
export interface RawRecord {
  /** The node id that holds the key. */
  node: string;
  key: Buffer;
  /** The key as utf8Lossy gives it, when the store had that cheaper than the scan would (a dump's batches). */
  keyText?: string;
  type: RawValueType;
  /** Remaining TTL in ms; null = no TTL; undefined = unknown. */
  ttlMs: number | null | undefined;
  /** Seconds since the last touching access; undefined when the store cannot say. */
  idleS: number | undefined;
  /** Payload bytes (string length, or sum of hash fields and values, or item value size). */
  bytes: number;
  /** String payload; absent when payloads were not read. */
  value?: Buffer;
  /** Hash field map (Spring Session); absent for strings. */
  hash?: Map<string, Buffer>;
  /** memcached: read since last write (metadump `fetch=`). */
  fetched?: boolean;
  /** Last access, ms since the epoch (memcached `la`, memory lastAccess). */
  lastAccessMs?: number;
  /** memcached CAS token, the condition of `md <key> C<cas>`. */
  cas?: string;
  /** memcached client flags. */
  flags?: number;
}

export interface WalkOptions {
  /** Glob as Redis MATCH understands it (`sess:*`); memcached and memory apply it client-side. */
  match?: string;
  /** Keys per SCAN/batch (Redis COUNT). */
  count?: number;
  /** Read payloads (default true). Without NO-TOUCH they are read after the metadata of the same key. */
  values?: boolean;
  /** Shared keys/s budget across nodes, `max`, or undefined: adaptive pacing. */
  rate?: Rate;
  /** The pacer to use (the caller keeps it to report how the walk was paced); else one for `rate`. */
  pacer?: Pacer;
  signal?: AbortSignal;
}

export type WalkEvent =
  | { type: 'batch'; node: string; records: RawRecord[] }
  /** A node that stayed down after reconnecting: the walk goes on with the others, the scan is incomplete. */
  | { type: 'node-failed'; node: string; error: SessctlError };

/**
 * One interface over Redis/Valkey (standalone, Cluster, Sentinel), memcached pools and memory://.
 * Every read here is non-touching where `capabilities.noTouch` says so; otherwise metadata (TTL,
 * idle) of a key is always read before its payload, in the same pipeline.
 */
export interface Store {
  readonly kind: StoreKind;
  /** The URL without credentials. */
  readonly redactedUrl: string;
  readonly capabilities: StoreCapabilities;
  info(signal?: AbortSignal): Promise<StoreInfo>;
  /** Streams every key in batches; node by node in parallel, at most two batches in flight per node. */
  walk(options?: WalkOptions): AsyncIterable<WalkEvent>;
  /** The same reads as walk() for given keys; missing keys are omitted. */
  lookup(keys: Array<Buffer | string>, options?: { values?: boolean; signal?: AbortSignal }): Promise<RawRecord[]>;
  /**
   * The write side (clean, restore): backup snapshot, conditional delete and restore, over the same
   * connections the walk reads through. Absent where the store is read-only (an RDB dump).
   */
  writer?(options?: WriterOptions): StoreWriter;
  /** O(1) server counters (keys, expired, evicted) for `sessctl watch`; absent where nothing changes (an RDB dump). */
  counters?(): CounterSource;
  /**
   * The names of the live keys that start with `prefix` (every key when null), in batches: what
   * the probe's `--store` diffs around each request. SCAN on every primary (paced as the walk is),
   * the metadump of every server (expired items left out). Reads no value and writes nothing.
   * Absent where the store is no live server (an RDB dump).
   */
  listKeys?(prefix: string | null, options?: { signal?: AbortSignal }): AsyncIterable<string[]>;
  close(): Promise<void>;
}

/** The name `sessctl/stores` first exported for `Store`; kept so library users' code still compiles. */
export type ScanStore = Store;
