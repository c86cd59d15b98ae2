import type { FormatId } from '../formats/types.js';
import type { LayoutSpec } from '../frameworks/layout.js';
import type { FrameworkId } from '../frameworks/types.js';
import type { Severity } from '../severity.js';
import type { PacingReport, Rate } from '../stores/pace.js';
import type { DumpFacts, IdleTrust, RawRecord, StoreNodeInfo } from '../stores/types.js';

export const CLASS_IDS = ['never-read', 'empty', 'anonymous', 'no-ttl', 'stale', 'undecodable', 'live'] as const;
export type ClassId = (typeof CLASS_IDS)[number];

/**
 * A class's place in CLASS_IDS, for counters kept in arrays on the per-key path. A switch over the
 * interned names, not a table: a lookup by a name that changes from key to key costs about twice
 * as much (22 vs 12 ns a call, same run). Exhaustive: a class added above without its case here
 * does not compile.
 */
export function classIndex(c: ClassId): number {
  switch (c) {
    case 'never-read':
      return 0;
    case 'empty':
      return 1;
    case 'anonymous':
      return 2;
    case 'no-ttl':
      return 3;
    case 'stale':
      return 4;
    case 'undecodable':
      return 5;
    case 'live':
      return 6;
    default: {
      const missing: never = c;
      throw new Error(`no index for class ${String(missing)}`);
    }
  }
}

export interface ScanOptions {
  /** Redis MATCH glob; memcached/memory filter client-side. */
  match?: string;
  /** Orphans (never-read or empty) count only when at least this old. Default 5 minutes. */
  minAgeMs?: number;
  /** Idle longer than this is `stale`. Default 7 days. */
  staleMs?: number;
  /** Keys/s budget over all nodes, `max` (flat out), or undefined: adaptive pacing by the server's latency. */
  rate?: Rate;
  /** Keys per SCAN batch. */
  count?: number;
  /** Read payloads (default true): needed for empty/anonymous/undecodable and created-at. */
  values?: boolean;
  /** Keep full keys in records and examples. */
  showKeys?: boolean;
  /**
   * Custom session layers (`session_{id}`, `session_{md5(token)}`): their keys are sessions of
   * framework `generic` and `clean` may act on them. A bad template is a UsageError before the
   * store is opened.
   */
  layouts?: ReadonlyArray<string | LayoutSpec>;
  signal?: AbortSignal;
  /** Called once per key as it is classified (ndjson streaming); the scan itself keeps only aggregates. */
  onRecord?: (record: ScanRecord) => void;
  /** Called after each batch (progress on a TTY). */
  onProgress?: (progress: ScanProgress) => void;
  /** Called with each batch's raw records beside their classification, and awaited: the walk waits (clean deletes here). */
  onBatch?: (batch: ClassifiedRecord[]) => Promise<void> | void;
}

/** A raw record beside its classification; `seenAtMs` is the local clock when its batch was classified. */
export interface ClassifiedRecord {
  raw: RawRecord;
  record: ScanRecord;
  seenAtMs: number;
}

export interface ScanProgress {
  scanned: number;
  /** DBSIZE / curr_items summed at the start. */
  expected: number;
  elapsedMs: number;
}

/** Why a key got its classes: the signals behind them, as numbers. */
export interface Evidence {
  /** Seconds since created, from the payload (`createdAt`) or initial TTL − remaining TTL (`ttl`). */
  ageFrom?: 'payload' | 'ttl';
  createdAt?: number;
  /** PTTL + idle ≈ the prefix's initial TTL: no read since the last write. */
  ttlPlusIdle?: number;
  initialTtlS?: number;
  fetched?: boolean;
  /** Set when the payload could not be decoded. */
  reason?: string;
  userKeys?: string[];
  rewritesOnRequest?: boolean;
  /** never-read proven by the payload itself (Spring: lastAccessedTime == creationTime). */
  neverReadFrom?: 'payload';
  /** Why a key of framework `generic` is a session: the layout it follows, declared or detected. */
  layout?: LayoutEvidence;
}

/**
 * How a custom layer's prefix was recognised. `declared` = named by `--layout` / config `layouts`
 * (cleanable); `detected` = id-shaped keys (or a prefix naming sessions) holding objects, reported
 * but never cleaned unless named with `--layout` or `--match`.
 */
export interface LayoutEvidence {
  source: 'declared' | 'detected';
  template: string;
  confidence: 'high' | 'medium' | 'low';
}

/** One key in `--format ndjson` (DESIGN.md contract). */
export interface ScanRecord {
  key: string;
  prefix: string;
  framework: FrameworkId;
  format: FormatId | 'unknown';
  bytes: number;
  ttlMs: number | null;
  idleS: number | null;
  ageS: number | null;
  classes: ClassId[];
  orphan: boolean;
  node: string;
  evidence: Evidence;
}

export interface Bucket {
  label: string;
  /** Upper bound (seconds or bytes), null for the open last bucket / no-TTL. */
  upTo: number | null;
  count: number;
}

export interface SignalStatement {
  signal: 'idle-time' | 'ttl' | 'initial-ttl' | 'created-at' | 'fetch-flag' | 'payload' | 'never-read';
  holds: boolean;
  why: string;
}

export interface ClassCount {
  count: number;
  bytes: number;
}

export interface PrefixReport {
  prefix: string;
  framework: FrameworkId;
  format: FormatId | 'unknown';
  /** Keys under the prefix; `sessions` = those recognised as a framework's session. */
  count: number;
  sessions: number;
  bytes: number;
  classes: Partial<Record<ClassId, ClassCount>>;
  orphans: ClassCount;
  /** Sessions that are never-read or empty but younger than --min-age (too young to call orphans). */
  young?: number;
  initialTtlS: number | null;
  signals: SignalStatement[];
  histograms: { ttl: Bucket[]; idle: Bucket[]; age: Bucket[]; size: Bucket[] };
  examples: Array<{ key: string; classes: ClassId[] }>;
  /**
   * `provable` when the scan can tell orphans from used sessions here: never-read is provable
   * (creation time in the payload, trusted idle time), or every session's payload decides it
   * (empty, or carrying a user identity). `unprovable` when sessions hold anonymous data and
   * never-read cannot be proven (or payloads were not read): their orphans cannot be counted.
   */
  orphanEvidence: 'provable' | 'unprovable';
  /** Set on prefixes of framework `generic`: how the custom layer was recognised. */
  layout?: { source: LayoutEvidence['source']; templates: string[]; confidence: LayoutEvidence['confidence'] };
}

export interface ScanFinding {
  id: 'SCAN-ORPHANS' | 'SCAN-NO-TTL' | 'SCAN-STALE' | 'SCAN-UNDECODABLE' | 'SCAN-IDLE-UNTRUSTED' | 'SCAN-INCOMPLETE';
  severity: Severity;
  prefix?: string;
  count?: number;
  share?: number;
  bytes?: number;
  /** What to do about it (worded for the prefix's framework where that changes it), and its docs entry. */
  fix?: string;
  docs?: string;
}

/** `--format json`: schema sessctl-scan/1 (DESIGN.md). */
export interface ScanReport {
  schema: 'sessctl-scan/1';
  complete: boolean;
  store: {
    kind: string;
    url: string;
    version: string;
    nodes: StoreNodeInfo[];
    noTouch: boolean;
    idleTrust: IdleTrust;
    /** Store kind `rdb`: the dump's version, server, ctime and databases. */
    dump?: DumpFacts;
  };
  /** The instant estimate from INFO keyspace / DBSIZE / stats before the walk. */
  estimate: { keys: number; withoutTtl?: number };
  options: { match: string | null; minAgeS: number; staleS: number; values: boolean };
  durationMs: number;
  totals: { keys: number; sessions: number; bytes: number; orphans: ClassCount };
  classes: Partial<Record<ClassId, ClassCount>>;
  prefixes: PrefixReport[];
  findings: ScanFinding[];
  /** Why the report is incomplete (nodes down, interrupted). */
  problems: string[];
  /** How the walk was paced (adaptive by default): its mean keys/s and why it slowed down. */
  pacing?: PacingReport;
}
