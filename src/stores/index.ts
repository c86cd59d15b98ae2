// `sessctl/stores`: one interface over Redis/Valkey, memcached, memory:// and RDB dumps: a non-touching
// walk and lookup, and (live stores) the writer clean and restore drive.
export { openStore, type OpenStoreOptions } from './from-url.js';
export { parseStoreUrl, redactStoreUrl, type StoreUrl, type StoreKind, type HostPort } from './store-url.js';
export { MemoryKv, memoryKv } from './memory/memory-kv.js';
export type {
  Store,
  ScanStore,
  StoreCapabilities,
  StoreInfo,
  StoreNodeInfo,
  IdleTrust,
  DumpFacts,
  RawRecord,
  RawValueType,
  WalkOptions,
  WalkEvent,
} from './types.js';
export type {
  StoreWriter,
  WriterOptions,
  WriteRequest,
  WriteOutcome,
  RestoreOutcome,
  RestoreResult,
  BackupEntry,
} from './writer.js';
export type { CounterSource, CounterReading, NodeCounters } from './counters.js';
