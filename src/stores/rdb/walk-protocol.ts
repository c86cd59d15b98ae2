import { SessctlError } from '../../errors.js';
import type { PackedBatch } from './packed-batch.js';
import type { RawFilter, RawTally } from './raw-records.js';
import { RdbError } from './rdb-error.js';
import type { RdbInfo, RdbSummary } from './types.js';

/**
 * How the scan's thread and the reader thread (walk-worker.ts) talk. A module of its own, so the
 * scan's thread loads the parser only when it reads a dump itself.
 */

/** What the reader thread starts with: the dump, and where the scan counts the batches it took. */
export interface ReaderStart {
  path: string;
  /** Three int32s: FLOW_TAKEN, FLOW_WAKE_AT, FLOW_STOP. */
  flow: SharedArrayBuffer;
}

/** What the walk keeps of the dump: posted to the thread when the walk begins, which is when it is known. */
export type WalkJob = RawFilter;

/** Batches the scan has taken. */
export const FLOW_TAKEN = 0;
/** The FLOW_TAKEN count at which the waiting reader wants a notify (-1: not waiting). */
export const FLOW_WAKE_AT = 1;
/** 1 once the scan wants no more batches. */
export const FLOW_STOP = 2;

/** What the first key of a dump tells about all of them: a server writes IDLE (LRU) or FREQ (LFU) for every key, or neither. */
export interface Peek {
  info: RdbInfo;
  summary: RdbSummary;
  idle: boolean;
  freq: boolean;
  keys: boolean;
}

/**
 * What the reader thread posts: the peek (the header and first key, or the error that makes the
 * file no dump to scan), then, once it has its job, packed batches and one end.
 */
export type WalkMessage =
  | { type: 'peek'; peek: Peek }
  | { type: 'peek'; error: WalkError }
  | { type: 'batch'; batch: PackedBatch; summary: RdbSummary; tally: RawTally }
  | { type: 'end'; summary: RdbSummary; tally: RawTally; error?: WalkError };

/** An error of the walk as data: an RdbError keeps its offset, anything unexpected only its message. */
export type WalkError =
  | { kind: 'rdb'; code: SessctlError['code']; reason: string; offset: number; hint: string | undefined }
  | { kind: 'sessctl'; code: SessctlError['code']; message: string; hint: string | undefined }
  | { kind: 'internal'; message: string };

/**
 * Whether an error met before the first key refuses the file at its open (not a dump, a newer
 * version, unreadable, aborted); any other damage is the walk's to report, after the keys before it.
 */
export function refusesOpen(err: unknown, info: RdbInfo): boolean {
  return (
    !(err instanceof SessctlError) ||
    info.rdbVersion === 0 ||
    err.code === 'SESSCTL_FILE' ||
    err.code === 'SESSCTL_RDB_VERSION' ||
    err.code === 'SESSCTL_ABORTED'
  );
}

export function walkError(err: unknown): WalkError {
  if (err instanceof RdbError) {
    const suffix = ` (at byte ${err.offset})`;
    const reason = err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
    return { kind: 'rdb', code: err.code, reason, offset: err.offset, hint: err.hint };
  }
  if (err instanceof SessctlError) return { kind: 'sessctl', code: err.code, message: err.message, hint: err.hint };
  return { kind: 'internal', message: (err as Error).message };
}

/** The walk's error on the scan's thread, as the reading there would have thrown it. */
export function reviveError(e: WalkError): SessctlError {
  if (e.kind === 'rdb') return new RdbError(e.code, e.reason, e.offset, { hint: e.hint });
  if (e.kind === 'sessctl') return new SessctlError(e.code, e.message, { hint: e.hint });
  return new SessctlError('SESSCTL_INTERNAL', `reading the dump failed: ${e.message}`);
}
