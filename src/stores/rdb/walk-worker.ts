import { parentPort, workerData } from 'node:worker_threads';
import { SessctlError } from '../../errors.js';
import { globToRegExp } from '../glob.js';
import { packDumpBatch, type PackedBatch } from './packed-batch.js';
import type { RawFilter, RawTally } from './raw-records.js';
import type { RdbDump } from './read-rdb.js';
import { RdbError } from './rdb-error.js';
import { readRdb } from './read-rdb.js';
import type { RdbOtherRecord, RdbRecord, RdbSummary } from './types.js';

/** What the scan's thread asks of the reader thread. */
export interface WalkJob extends RawFilter {
  path: string;
  /** Three int32s: FLOW_TAKEN, FLOW_WAKE_AT, FLOW_STOP. */
  flow: SharedArrayBuffer;
}

/** Batches the scan has taken. */
export const FLOW_TAKEN = 0;
/** The FLOW_TAKEN count at which the waiting reader wants a notify (-1: not waiting). */
export const FLOW_WAKE_AT = 1;
/** 1 once the scan wants no more batches. */
export const FLOW_STOP = 2;

/** What the reader thread posts: packed batches, then one end. */
export type WalkMessage =
  | { type: 'batch'; batch: PackedBatch; summary: RdbSummary; tally: RawTally }
  | { type: 'end'; summary: RdbSummary; tally: RawTally; error?: WalkError };

/** An error of the walk as data: an RdbError keeps its offset, anything unexpected only its message. */
export type WalkError =
  | { kind: 'rdb'; code: SessctlError['code']; reason: string; offset: number; hint: string | undefined }
  | { kind: 'sessctl'; code: SessctlError['code']; message: string; hint: string | undefined }
  | { kind: 'internal'; message: string };

/**
 * Batches posted and not yet taken: the reader stays this far ahead of the scan and no further, so
 * memory stays flat however much faster it reads than the scan judges. Once there, it sleeps until
 * the scan has taken all but RESUME of them: a notify per batch cost the scan's thread a tenth of
 * its time, one per four batches does not show.
 */
const AHEAD = 8;
const RESUME = 4;

/**
 * The reader thread of an offline scan: the file read, gunzip, parse and checksum of a dump run
 * here, beside the scan's thread, which only judges. The scan counts the batches it takes in
 * shared memory: a message back per batch cost the scan's thread more than the batch's unpacking.
 */
async function run(port: NonNullable<typeof parentPort>, job: WalkJob): Promise<void> {
  const flow = new Int32Array(job.flow);
  let posted = 0;
  const dump = readRdb(job.path, { others: true, views: true });
  const tally: RawTally = { db: job.db ?? 0, expired: 0 };
  let error: WalkError | undefined;
  try {
    for await (const { batch, transfer } of packedBatches(dump, job, tally)) {
      if (posted - Atomics.load(flow, FLOW_TAKEN) >= AHEAD) {
        // Say when to be woken before looking again, so a batch taken in between is not missed.
        Atomics.store(flow, FLOW_WAKE_AT, posted - RESUME);
        for (
          let taken = Atomics.load(flow, FLOW_TAKEN);
          taken < posted - RESUME;
          taken = Atomics.load(flow, FLOW_TAKEN)
        ) {
          if (Atomics.load(flow, FLOW_STOP)) return port.close();
          // Blocking is fine: this thread has nothing else to do.
          Atomics.wait(flow, FLOW_TAKEN, taken, 1000);
        }
        Atomics.store(flow, FLOW_WAKE_AT, -1);
      }
      posted++;
      // The summary and tally ride along (a few small objects) so a walk that stops early still has them.
      port.postMessage({ type: 'batch', batch, summary: dump.summary, tally } satisfies WalkMessage, transfer);
    }
  } catch (err) {
    error = walkError(err);
  }
  port.postMessage({ type: 'end', summary: dump.summary, tally, error } satisfies WalkMessage);
  port.close();
}

/** The dump's wanted records packed for the scan's thread, one batch per parser batch the filter left something of. */
export async function* packedBatches(
  dump: RdbDump<RdbRecord | RdbOtherRecord>,
  filter: RawFilter,
  tally: RawTally,
): AsyncGenerator<{ batch: PackedBatch; transfer: ArrayBuffer[] }, void, unknown> {
  const match = filter.match ? globToRegExp(filter.match) : undefined;
  for await (const records of dump.batches()) {
    const packed = packDumpBatch(records, filter.clockMs, filter.values, filter.db, match, tally);
    if (packed) yield packed;
  }
}

function walkError(err: unknown): WalkError {
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

if (parentPort && workerData?.sessctlRdbWalk) await run(parentPort, workerData.sessctlRdbWalk as WalkJob);
