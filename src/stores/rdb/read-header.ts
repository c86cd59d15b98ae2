import { SessctlError } from '../../errors.js';
import type { RdbFamily } from './rdb-ids.js';
import { RdbError } from './rdb-error.js';

/** Highest versions this parser knows, per magic. */
export const MAX_REDIS_VERSION = 13;
export const MAX_VALKEY_VERSION = 81;
/** Redis 3.2 (RDB 7) introduced AUX fields and quicklists; older dumps are out of scope. */
export const MIN_REDIS_VERSION = 7;
const MIN_VALKEY_VERSION = 80;

export interface RdbHeader {
  magic: 'REDIS' | 'VALKEY';
  family: RdbFamily;
  rdbVersion: number;
}

const VERSION_HINT =
  'sessctl reads RDB 7–13 (Redis 3.2–8.6, Valkey 7.2–8.1) and 80–81 (Valkey 9.x); upgrade sessctl, or dump from a server it knows';

/**
 * The 9-byte header: `REDIS` + four digits, or `VALKEY` + three (Valkey 9+, versions ≥ 80,
 * valkey-io/valkey rdb.h `rdbUseValkeyMagic`). A version outside the known range is a usage
 * error naming it: nothing was read, and a newer sessctl may know it.
 */
export function readHeader(head: Buffer): RdbHeader {
  const text = head.toString('latin1', 0, 9);
  const redis = /^REDIS(\d{4})$/.exec(text);
  const valkey = /^VALKEY(\d{3})$/.exec(text);
  if (!redis && !valkey) {
    throw new SessctlError(
      'SESSCTL_FILE',
      `not an RDB dump: it starts with ${JSON.stringify(text.replace(/[^\x20-\x7e]/g, '.'))}, not REDIS or VALKEY`,
      {
        hint: 'give a dump written by SAVE/BGSAVE or redis-cli --rdb (gzip-compressed is fine)',
      },
    );
  }
  const magic = redis ? 'REDIS' : 'VALKEY';
  const rdbVersion = Number((redis ?? valkey)![1]);
  const [min, max] = redis ? [MIN_REDIS_VERSION, MAX_REDIS_VERSION] : [MIN_VALKEY_VERSION, MAX_VALKEY_VERSION];
  if (rdbVersion > max) {
    throw new RdbError(
      'SESSCTL_RDB_VERSION',
      `RDB version ${rdbVersion} (${magic} magic) is newer than this sessctl reads (up to ${max})`,
      0,
      { hint: VERSION_HINT },
    );
  }
  if (rdbVersion < min) {
    throw new RdbError(
      'SESSCTL_RDB_VERSION',
      `RDB version ${rdbVersion} (${magic} magic) is not one this sessctl reads (${min}–${max})`,
      0,
      { hint: VERSION_HINT },
    );
  }
  return { magic, family: redis ? 'redis' : 'valkey', rdbVersion };
}
