import { Readable } from 'node:stream';
import { readRdb, type RdbDump, type RdbLimits, type RdbRecord } from '../../src/stores/rdb/index.js';

export interface Collected {
  records: RdbRecord[];
  dump: RdbDump;
  error?: unknown;
}

/** Parses bytes fed in chunks of `chunk` bytes (1 exercises every resumption point); never throws. */
export async function collect(
  bytes: Buffer,
  options: { chunk?: number; limits?: Partial<RdbLimits>; signal?: AbortSignal } = {},
): Promise<Collected> {
  const { chunk = 64 * 1024 } = options;
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const dump = readRdb(Readable.from(parts, { objectMode: true }), { limits: options.limits, signal: options.signal });
  const records: RdbRecord[] = [];
  try {
    for await (const batch of dump.batches()) records.push(...batch);
    return { records, dump };
  } catch (error) {
    return { records, dump, error };
  }
}

/** A record as plain text for equality checks. */
export function show(r: RdbRecord): Record<string, unknown> {
  const value = r.type === 'string' ? r.value.toString() : r.value.map(([f, v]) => [f.toString(), v.toString()]);
  return {
    db: r.db,
    key: r.key.toString(),
    type: r.type,
    rdbType: r.rdbType,
    value,
    expireAtMs: r.expireAtMs,
    idleS: r.idleS,
    freq: r.freq,
    ...(r.type === 'hash' && r.fieldExpiresMs ? { fieldExpiresMs: r.fieldExpiresMs } : {}),
  };
}
