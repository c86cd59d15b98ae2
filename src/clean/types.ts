import type { PacingReport } from '../stores/pace.js';
import type { ClassCount, ClassId, ClassifiedRecord } from '../scan/types.js';

/** Classes `clean` may act on; `live` never. */
export const CLEANABLE_CLASSES = [
  'never-read',
  'empty',
  'anonymous',
  'no-ttl',
  'stale',
  'undecodable',
] as const satisfies readonly ClassId[];
export type CleanableClass = (typeof CLEANABLE_CLASSES)[number];

/** What to remove: the policy the pure planner applies to each classified record. */
export interface CleanPolicy {
  /** Default `['empty']`. */
  classes: CleanableClass[];
  /** A key must be at least this old (max of age and idle time). Default 5 minutes. */
  minAgeMs: number;
  /** Set when `--match` narrowed the walk: then keys not recognised as sessions may be selected too. */
  matched: boolean;
  /** `--fix-ttl`: never-expiring selections get this expiry instead of being deleted. */
  fixTtlMs?: number;
}

export type CleanAction = 'delete' | 'fix-ttl';

/** One selected key: what the scan saw, and what to do with it. */
export interface Candidate extends ClassifiedRecord {
  action: CleanAction;
  /** The selected classes it has (the reason it goes). */
  why: CleanableClass[];
  /** For `fix-ttl`: the expiry to give. */
  fixTtlMs?: number;
}

/** Why a conditional delete left a key in place. */
export type SkipReason = 'changed' | 'gone' | 'error';
export type Outcome = 'deleted' | 'fixed' | SkipReason;

/** Per prefix and class: what the run would remove (dry run) or removed (apply). */
export interface CleanGroup {
  prefix: string;
  class: CleanableClass;
  action: CleanAction;
  count: number;
  bytes: number;
}

/** `--format json`: schema sessctl-clean/1. */
export interface CleanReport {
  schema: 'sessctl-clean/1';
  complete: boolean;
  applied: boolean;
  store: { kind: string; url: string; version: string };
  /** `--plan-from`: the dump the keys were selected from; `store` is the live server they were deleted on. */
  planFrom?: { url: string; ctime: string | null; rdbVersion: number; complete: boolean };
  /** How deletes were made conditional (`lua`, `cas`, `compare`), and what the condition checks. */
  method: { kind: string; checks: string[] };
  /** `layouts`: the templates of the custom session layers named with --layout (their keys may go). */
  policy: {
    classes: CleanableClass[];
    minAgeS: number;
    match: string | null;
    layouts: string[];
    fixTtlS: number | null;
    maxDelete: number | null;
    rate: number | 'max' | null;
  };
  durationMs: number;
  scanned: { keys: number; bytes: number };
  /** Selected by the policy: per prefix and first selecting class (a key counts once). */
  selected: ClassCount & { groups: CleanGroup[] };
  /** Only when applied. */
  result: {
    deleted: number;
    fixed: number;
    bytesFreed: number;
    skipped: { changed: number; gone: number; error: number; limit: number };
    /** Deleted by earlier runs on the same backup (resume). */
    resumedDeleted: number;
  } | null;
  /** `key`: where the HMAC key that signs the backup is (a file path, or SESSCTL_BACKUP_KEY). */
  backup: { path: string; entries: number; resumed: boolean; key: string } | null;
  problems: string[];
  warnings: string[];
  /** How the walk and the deletes were paced (`rate` null in the policy = adaptive). */
  pacing?: { walk: PacingReport | null; deletes: PacingReport | null };
}

/** Progress of an applying run, for a TTY line. */
export interface CleanProgress {
  scanned: number;
  expected: number;
  selected: number;
  deleted: number;
  skipped: number;
  elapsedMs: number;
}
