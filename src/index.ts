// Library root. Never imports from cli/. Each area adds its exports here as it lands.
export { SessctlError, UsageError, ExitCode, exitCodeFor, isSessctlError, type SessctlErrorCode } from './errors.js';
export { parseStoreUrl, redactStoreUrl, type StoreUrl, type StoreKind, type HostPort } from './stores/store-url.js';
export { parseDuration, parseSize, parseRate, parseCount } from './parse.js';
export { SEVERITIES, meetsFailOn, type Severity, type FailOn } from './severity.js';
export { MemoryKv, memoryKv } from './stores/memory-kv.js';
export type { DecodedValue, OpaqueValue, Decoder, DecodeResult, DecodeLimits, FormatId, Wrapper } from './formats/types.js';
export { detectAndDecode, decodeSpringHash, decoders, decoderById, DEFAULT_LIMITS } from './formats/index.js';
export type { SessionMeaning, StoredSession, FrameworkId } from './frameworks/types.js';
export { interpret } from './frameworks/interpret.js';
export { FRAMEWORKS, FRAMEWORK_ORDER, defineFramework, type FrameworkDef, type FrameworkMeaning, type MatchContext, type KnownFrameworkId } from './frameworks/index.js';
export { frameworksForKey, type KeyMatch } from './frameworks/key-match.js';
export { SESSCTL_ENVELOPE_VERSION, SESSCTL_KEY_PREFIX, encodeEnvelope, decodeEnvelope, type SessctlEnvelope } from './frameworks/sessctl.js';
export { decodedToJson, type JsonValue } from './report/decoded-json.js';
export { createSessionManager, preflightGuard, isPreflight, memoryStore, redisStore, memcachedStore, SessionStoreError, type SessionManager, type SessionOptions, type SessionData, type PreflightGuardOptions } from './middleware/index.js';
