import { utf8Lossy } from '../../formats/text.js';
import { globToRegExp } from '../glob.js';
import type { RawRecord } from '../types.js';
import type { RdbDump } from './read-rdb.js';
import type { RdbOtherRecord, RdbRecord } from './types.js';

/** Which records of a dump a walk wants, and the clock their TTLs are measured against. */
export interface RawFilter {
  /** The dump's clock (ctime, end of its second), ms since the epoch. */
  clockMs: number;
  /** Only this database's keys; undefined = every database. */
  db?: number;
  /** A MATCH-style glob over the key. */
  match?: string;
  /** Keep the payloads (string bytes, hash map). */
  values: boolean;
}

/** What a walk learns besides its records: the database it is in, and the keys it dropped as expired. */
export interface RawTally {
  db: number;
  expired: number;
}

/** A database's node id; one string per database, not one per key. */
const NODE_IDS: string[] = [];

export function nodeId(db: number): string {
  return (NODE_IDS[db] ??= `db${db}`);
}

/**
 * The dump's wanted records as the scan's raw records, one array per batch the parser handed over
 * (a scan learns TTLs batch by batch, so the batches stay as the parser cut them); batches left
 * empty by the filter are not yielded. Errors of the dump propagate after the records before them.
 */
export async function* rawBatches(
  dump: RdbDump<RdbRecord | RdbOtherRecord>,
  filter: RawFilter,
  tally: RawTally,
): AsyncGenerator<RawRecord[], void, unknown> {
  const match = filter.match ? globToRegExp(filter.match) : undefined;
  for await (const batch of dump.batches()) {
    const out: RawRecord[] = [];
    for (const rec of batch) {
      tally.db = rec.db;
      if (filter.db !== undefined && rec.db !== filter.db) continue;
      if (match && !match.test(rec.key.toString('utf8'))) continue;
      const raw = toRaw(rec, filter.values, filter.clockMs);
      if (raw) out.push(raw);
      else tally.expired++;
    }
    if (out.length) yield out;
  }
}

/** One dump record as the scan's raw record, or undefined when it had expired at dump time. */
function toRaw(rec: RdbRecord | RdbOtherRecord, values: boolean, clockMs: number): RawRecord | undefined {
  if (rec.expireAtMs !== null && rec.expireAtMs <= clockMs) return undefined;
  const raw: RawRecord = {
    node: nodeId(rec.db),
    key: rec.key,
    // As a batch from the reader thread has it, so both give the scan the same records.
    keyText: utf8Lossy(rec.key),
    type: rec.type === 'string' || rec.type === 'hash' ? rec.type : 'other',
    ttlMs: rec.expireAtMs === null ? null : rec.expireAtMs - clockMs,
    idleS: rec.idleS ?? undefined,
    bytes: 0,
  };
  if (rec.type !== 'string' && rec.type !== 'hash') {
    // A live scan counts other types too (TYPE, then MEMORY USAGE for their size).
    raw.bytes = rec.bytes;
    return raw;
  }
  if (rec.type === 'string') {
    raw.bytes = rec.value.length;
    if (values) raw.value = rec.value;
    return raw;
  }
  // Fields whose own expiry had passed are gone for HGETALL too.
  const hash = new Map<string, Buffer>();
  rec.value.forEach(([field, value], i) => {
    const at = rec.fieldExpiresMs?.[i];
    if (at !== null && at !== undefined && at <= clockMs) return;
    hash.set(field.toString('utf8'), value);
    raw.bytes += field.length + value.length;
  });
  if (values) raw.hash = hash;
  return raw;
}
