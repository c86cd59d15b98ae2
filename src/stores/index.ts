// `sessctl/stores`: one non-touching read interface over Redis/Valkey, memcached and memory://.
export { openStore, type OpenStoreOptions } from './from-url.js';
export { parseStoreUrl, redactStoreUrl, type StoreUrl, type StoreKind, type HostPort } from './store-url.js';
export { MemoryKv, memoryKv } from './memory/memory-kv.js';
export type {
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
  StoreNative,
} from './types.js';
