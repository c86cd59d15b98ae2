import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { globToRegExp } from '../glob.js';
import { packDumpBatch, type PackedBatch } from './packed-batch.js';
import type { RawFilter, RawTally } from './raw-records.js';
import { readRdb } from './read-rdb.js';
import type { RdbOtherRecord, RdbRecord, RdbSummary } from './types.js';
import {
  FLOW_STOP,
  FLOW_TAKEN,
  FLOW_WAKE_AT,
  refusesOpen,
  walkError,
  type ReaderStart,
  type WalkError,
  type WalkJob,
  type WalkMessage,
} from './walk-protocol.js';

/**
 * Batches posted and not yet taken: the reader stays this far ahead of the scan and no further, so
 * memory stays flat however much faster it reads than the scan judges. Once there, it sleeps until
 * the scan has taken all but RESUME of them: a notify per batch cost the scan's thread a tenth of
 * its time, one per four batches does not show.
 */
const AHEAD = 8;
const RESUME = 4;

type Batch = Array<RdbRecord | RdbOtherRecord>;

/**
 * The reader thread of an offline scan: the file read, gunzip, parse and checksum of a dump run
 * here, beside the scan's thread, which only judges. The scan counts the batches it takes in
 * shared memory: a message back per batch cost the scan's thread more than the batch's unpacking.
 *
 * The thread starts when the store opens, before the walk's filter is known: its start-up (an
 * isolate, these modules, the file's open and first read) runs while the scan's thread loads the
 * judging. It reads up to the first key, posts what the open needs of it (the peek), and holds that
 * first batch until the job comes.
 */
async function run(port: MessagePort, start: ReaderStart): Promise<void> {
  const job = new Promise<WalkJob>((resolve) => port.once('message', resolve));
  const dump = readRdb(start.path, { others: true, views: true });
  const batches = dump.batches()[Symbol.asyncIterator]();
  let first: Batch | undefined;
  let failure: { error: unknown } | undefined;
  try {
    // Batches left empty (AUX fields only) carry nothing a walk would post either.
    for (let next = await batches.next(); !next.done; next = await batches.next()) {
      if (next.value.length === 0) continue;
      first = next.value;
      break;
    }
  } catch (error) {
    failure = { error };
  }
  if (failure && refusesOpen(failure.error, dump.info)) {
    port.postMessage({ type: 'peek', error: walkError(failure.error) } satisfies WalkMessage);
    return port.close();
  }
  const head = first?.[0];
  const peek = {
    info: dump.info,
    summary: dump.summary,
    keys: head !== undefined,
    idle: head !== undefined && head.idleS !== null,
    freq: head !== undefined && head.freq !== null,
  };
  port.postMessage({ type: 'peek', peek } satisfies WalkMessage);
  await walk(port, new Int32Array(start.flow), await job, { dump, first, failure, rest: batches });
}

/** The walk proper: the held first batch, then the rest, packed with the job's filter. */
async function walk(
  port: MessagePort,
  flow: Int32Array,
  filter: RawFilter,
  from: {
    dump: { summary: RdbSummary };
    first: Batch | undefined;
    failure: { error: unknown } | undefined;
    rest: AsyncIterator<Batch>;
  },
): Promise<void> {
  let posted = 0;
  const tally: RawTally = { db: filter.db ?? 0, expired: 0 };
  let error: WalkError | undefined;
  try {
    for await (const { batch, transfer } of packedBatches(resume(from.first, from.failure, from.rest), filter, tally)) {
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
      port.postMessage({ type: 'batch', batch, summary: from.dump.summary, tally } satisfies WalkMessage, transfer);
    }
  } catch (err) {
    error = walkError(err);
  }
  port.postMessage({ type: 'end', summary: from.dump.summary, tally, error } satisfies WalkMessage);
  port.close();
}

/** The batches of a read whose first was taken for the peek: that one (or the error it met), then the rest. */
async function* resume(
  first: Batch | undefined,
  failure: { error: unknown } | undefined,
  rest: AsyncIterator<Batch>,
): AsyncGenerator<Batch, void, unknown> {
  try {
    if (failure) throw failure.error;
    if (!first) return;
    yield first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

/** The dump's wanted records packed for the scan's thread, one batch per parser batch the filter left something of. */
export async function* packedBatches(
  batches: AsyncIterable<Batch>,
  filter: RawFilter,
  tally: RawTally,
): AsyncGenerator<{ batch: PackedBatch; transfer: ArrayBuffer[] }, void, unknown> {
  const match = filter.match ? globToRegExp(filter.match) : undefined;
  for await (const records of batches) {
    const packed = packDumpBatch(records, filter.clockMs, filter.values, filter.db, match, tally);
    if (packed) yield packed;
  }
}

if (parentPort && workerData?.sessctlRdbRead) await run(parentPort, workerData.sessctlRdbRead as ReaderStart);
