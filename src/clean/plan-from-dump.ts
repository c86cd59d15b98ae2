import { UsageError } from '../errors.js';
import { openStore } from '../stores/from-url.js';
import { parseStoreUrl, type StoreUrl } from '../stores/store-url.js';
import type { Store } from '../stores/types.js';

/**
 * The store `clean --plan-from` selects from: the dump, read for the live URL's database only (a
 * key of db 2 in the dump says nothing about db 0 of the server). The live server is then only
 * asked about the selected keys, never walked. Each record's TTL and idle time are as of the
 * dump's ctime, which the scan takes as the records' clock: the conditional delete then expects
 * exactly the dump's absolute expiry, and a key whose expiry, value or (with NO-TOUCH) idle time
 * moved since the dump is skipped as changed.
 *
 * @example
 * const source = await openPlanSource('./dump.rdb', parseStoreUrl('redis://cache:6379/0'));
 */
export async function openPlanSource(dump: string, live: StoreUrl, signal?: AbortSignal): Promise<Store> {
  const parsed = parseStoreUrl(dump);
  if (parsed.kind !== 'rdb')
    throw new UsageError(`--plan-from takes an RDB dump (a path, or rdb:///abs/path), not ${parsed.redacted}`, {
      hint: 'to select from the live server itself, leave --plan-from out',
    });
  if (live.kind === 'rdb')
    throw new UsageError(`${live.redacted} is a dump: --plan-from needs the live server to delete on`, {
      hint: 'sessctl clean --plan-from dump.rdb redis://host:6379',
    });
  if (live.kind === 'memcached' || live.kind === 'memory')
    throw new UsageError(`an RDB dump holds Redis/Valkey keys: --plan-from cannot plan for ${live.redacted}`);
  return openStore(parsed, { db: live.kind === 'redis-cluster' ? 0 : live.db, signal });
}
