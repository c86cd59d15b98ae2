import { isSessctlError, SessctlError } from '../../errors.js';
import { ByteWindow, FULL, type Full, type Need } from './byte-window.js';
import { openChunks, type RdbSource } from './open-chunks.js';
import { parseDump } from './parse-dump.js';
import { RdbError } from './rdb-error.js';
import {
  DEFAULT_RDB_LIMITS,
  type RdbInfo,
  type RdbLimits,
  type RdbOtherRecord,
  type RdbRecord,
  type RdbSummary,
} from './types.js';

export interface ReadRdbOptions {
  signal?: AbortSignal;
  limits?: Partial<RdbLimits>;
  /** Also yield the keys of other types (their values stepped over): what a scan counts. */
  others?: boolean;
  /**
   * Let plain keys and values be views into the reading window rather than copies: they hold only
   * until the next batch is asked for. For a consumer that copies each batch at once (the reader
   * thread packing it for the scan's).
   */
  views?: boolean;
}

/**
 * A dump being read. Iterate it for the string and hash records; `info` fills in as the header
 * and AUX fields are read, `summary` as keys go by (`summary.complete` once the checksum matched).
 * A damaged or truncated dump throws an RdbError with the byte offset after every record before
 * the damage has been yielded.
 */
export interface RdbDump<R = RdbRecord> extends AsyncIterable<R> {
  readonly info: RdbInfo;
  readonly summary: RdbSummary;
  /** The records in the batches they were parsed in (one per input chunk): cheaper to consume. */
  batches(): AsyncIterable<R[]>;
}

/**
 * Reads an RDB dump (Redis RDB 7–13, Valkey 80–81; gzip allowed) as a stream: memory stays at one
 * input chunk plus the largest value held, whatever the dump's size.
 *
 * @example
 * const dump = readRdb('/var/lib/redis/dump.rdb', { signal });
 * for await (const rec of dump) if (rec.expireAtMs === null) noTtl++;
 * console.log(dump.info.serverVersion, dump.summary.keysByType);
 */
export function readRdb(
  source: RdbSource,
  options: ReadRdbOptions & { others: true },
): RdbDump<RdbRecord | RdbOtherRecord>;
export function readRdb(source: RdbSource, options?: ReadRdbOptions): RdbDump;
export function readRdb(source: RdbSource, options: ReadRdbOptions = {}): RdbDump<RdbRecord | RdbOtherRecord> {
  const limits: RdbLimits = { ...DEFAULT_RDB_LIMITS, ...options.limits };
  const info: RdbInfo = { magic: 'REDIS', rdbVersion: 0, serverVersion: null, ctimeMs: null, usedMem: null, aux: {} };
  const summary: RdbSummary = {
    keysByType: {},
    skippedByType: {},
    modules: {},
    oversized: 0,
    hashesWithFieldExpiry: 0,
    dbs: [],
    resizeHints: {},
    functions: 0,
    moduleAux: 0,
    bytes: 0,
    peakBufferBytes: 0,
    checksum: null,
    complete: false,
  };
  let started = false;

  async function* batches(): AsyncGenerator<Array<RdbRecord | RdbOtherRecord>, void, unknown> {
    if (started) throw new SessctlError('SESSCTL_INTERNAL', 'an RDB dump can be iterated only once');
    started = true;
    const w = new ByteWindow();
    const out: Array<RdbRecord | RdbOtherRecord> = [];
    const parse = parseDump(w, limits, info, summary, out, options.others === true, options.views === true);
    const chunks = openChunks(source);
    try {
      for (;;) {
        let step: IteratorResult<Need | Full, void>;
        try {
          step = parse.next();
        } catch (err) {
          // Everything read before the damage is reported before the error.
          if (out.length > 0) yield out.splice(0);
          throw err;
        } finally {
          if (!summary.complete) summary.bytes = w.offset;
          summary.peakBufferBytes = w.peak;
        }
        // The parse keeps pushing onto the same array: hand over its contents, not the array.
        if (out.length > 0) yield out.splice(0);
        if (step.done) break;
        if (step.value === FULL) continue;
        if (options.signal?.aborted)
          throw new SessctlError('SESSCTL_ABORTED', 'reading the dump was aborted', { cause: options.signal.reason });
        if (w.resume()) continue;
        const next = await chunks.next().catch((cause: unknown) => {
          throw chunkError(cause, w.offset + w.avail);
        });
        if (next.done) w.eof = true;
        else w.append(next.value);
      }
    } finally {
      await chunks.return();
    }
  }

  return {
    info,
    summary,
    batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

function chunkError(cause: unknown, offset: number): SessctlError {
  if (cause instanceof RdbError || (isSessctlError(cause) && cause.code !== 'SESSCTL_RDB_CORRUPT')) return cause;
  if (isSessctlError(cause)) return new RdbError(cause.code, cause.message, offset, { cause, hint: cause.hint });
  return new RdbError('SESSCTL_STORE_ERROR', `reading the dump failed: ${(cause as Error).message}`, offset, { cause });
}
