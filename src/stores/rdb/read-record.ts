import type { ByteWindow, Need } from './byte-window.js';
import type { RdbFamily, RdbKeyType } from './rdb-ids.js';
import { readHash } from './read-hash.js';
import { readString, TOO_BIG } from './read-string.js';
import { skipValue } from './skip-value.js';
import type { RdbLimits, RdbOtherRecord, RdbRecord, RdbSummary } from './types.js';

/** What the opcodes before a key said about it. */
export interface KeyMeta {
  db: number;
  expireAtMs: number | null;
  idleS: number | null;
  freq: number | null;
  offset: number;
}

/**
 * One key and its value, after its type byte: a string or hash becomes a record on `out` (unless
 * the key or value is over the limits: then it is stepped over and counted); every other type is
 * stepped over and counted, and with `others` also pushed as a record without its value.
 */
export function* readRecord(
  w: ByteWindow,
  op: number,
  type: RdbKeyType,
  family: RdbFamily,
  limits: RdbLimits,
  meta: KeyMeta,
  summary: RdbSummary,
  out: Array<RdbRecord | RdbOtherRecord>,
  others: boolean,
): Generator<Need, void, unknown> {
  const key = yield* readString(w, limits.maxKeyBytes, meta.offset);
  const max = key === TOO_BIG ? -1 : limits.maxValueBytes;
  if (type === 'string') {
    const value = yield* readString(w, max, meta.offset);
    if (key === TOO_BIG || value === TOO_BIG) summary.oversized++;
    else out.push({ ...meta, key, rdbType: op, type, value });
  } else if (type === 'hash') {
    const value = yield* readHash(w, op, family, max, meta.offset);
    if (key === TOO_BIG || value === TOO_BIG) summary.oversized++;
    else if (value.expires) {
      summary.hashesWithFieldExpiry++;
      out.push({ ...meta, key, rdbType: op, type, value: value.pairs, fieldExpiresMs: value.expires });
    } else out.push({ ...meta, key, rdbType: op, type, value: value.pairs });
  } else {
    const from = w.offset;
    const module = yield* skipValue(w, op, meta.offset);
    if (others && key !== TOO_BIG) out.push({ ...meta, key, rdbType: op, type, bytes: w.offset - from });
    summary.skippedByType[type] = (summary.skippedByType[type] ?? 0) + 1;
    if (module !== undefined) summary.modules[module] = (summary.modules[module] ?? 0) + 1;
  }
}
