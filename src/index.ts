// Library root. Never imports from cli/. Each area adds its exports here as it lands.
export { SessctlError, UsageError, ExitCode, exitCodeFor, isSessctlError, type SessctlErrorCode } from './errors.js';
export { parseStoreUrl, redactStoreUrl, type StoreUrl, type StoreKind, type HostPort } from './stores/store-url.js';
export type { TlsSettings } from './stores/tls-options.js';
export { parseDuration, parseSize, parseRate, parseCount } from './parse.js';
export { SEVERITIES, meetsFailOn, type Severity, type FailOn } from './severity.js';
export { MemoryKv, memoryKv } from './stores/index.js';
export { openStore, type OpenStoreOptions } from './stores/from-url.js';
export type {
  Store,
  ScanStore,
  StoreCapabilities,
  StoreInfo,
  StoreNodeInfo,
  IdleTrust,
  RawRecord,
  RawValueType,
  WalkOptions,
  WalkEvent,
} from './stores/types.js';
export { scan, scanStore, DEFAULT_MIN_AGE_MS, DEFAULT_STALE_MS } from './scan/scan.js';
export { classify, type ClassifyInput, type Classification } from './scan/classify.js';
export { inspectKey, type InspectOptions, type InspectReport } from './scan/inspect.js';
export {
  CLASS_IDS,
  type ClassId,
  type ScanOptions,
  type ScanReport,
  type ScanRecord,
  type PrefixReport,
  type ScanFinding,
  type ClassifiedRecord,
  type SignalStatement,
  type LayoutEvidence,
} from './scan/types.js';
export { parseLayout, type Layout, type LayoutSpec } from './frameworks/layout.js';
export type {
  DecodedValue,
  OpaqueValue,
  Decoder,
  DecodeResult,
  DecodeLimits,
  FormatId,
  Wrapper,
} from './formats/types.js';
export { detectAndDecode, decodeSpringHash, decoders, decoderById, DEFAULT_LIMITS } from './formats/index.js';
export type { SessionMeaning, StoredSession, FrameworkId } from './frameworks/types.js';
export { interpret } from './frameworks/interpret.js';
export {
  FRAMEWORKS,
  FRAMEWORK_ORDER,
  defineFramework,
  type FrameworkDef,
  type FrameworkMeaning,
  type MatchContext,
  type KnownFrameworkId,
} from './frameworks/index.js';
export { frameworksForKey, type KeyMatch } from './frameworks/key-match.js';
export {
  SESSCTL_ENVELOPE_VERSION,
  SESSCTL_KEY_PREFIX,
  encodeEnvelope,
  decodeEnvelope,
  type SessctlEnvelope,
} from './frameworks/sessctl.js';
export { decodedToJson, type JsonValue } from './formats/decoded-json.js';
export {
  createSessionManager,
  preflightGuard,
  isPreflight,
  memoryStore,
  redisStore,
  memcachedStore,
  SessionStoreError,
  type SessionManager,
  type SessionOptions,
  type SessionData,
  type PreflightGuardOptions,
} from './middleware/index.js';
export { probe } from './probe/run-probe.js';
export { probeExitCode } from './probe/exit-code.js';
export { checkInfo, type CheckInfo } from './probe/check-info.js';
export {
  CHECK_IDS,
  type CheckId,
  type CheckStatus,
  type CheckResult,
  type ProbeReport,
  type ProbeModel,
  type Finding as ProbeFinding,
  type Evidence as ProbeEvidence,
} from './probe/types.js';
export type { ProbeOptions, ProbeRequestLog } from './probe/options.js';
export { buildHar, renderHar, type Har, type HarEntry } from './probe/har-writer.js';
export { clean, defaultBackupPath, DEFAULT_CLEAN_MIN_AGE_MS, type CleanOptions } from './clean/clean.js';
export { restore, type RestoreOptions, type RestorePlan, type RestoreReport } from './clean/restore.js';
export type { BackupKeySource } from './clean/backup-key.js';
export {
  CLEANABLE_CLASSES,
  type CleanableClass,
  type CleanReport,
  type CleanPolicy,
  type CleanGroup,
  type Candidate as CleanCandidate,
} from './clean/types.js';
export {
  BACKUP_SCHEMA,
  parseBackupLine,
  type BackupEntry,
  type BackupHeader,
  type BackupLine,
} from './clean/backup-format.js';
