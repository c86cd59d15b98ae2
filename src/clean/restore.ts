import { SessctlError, UsageError } from '../errors.js';
import { redactKey } from '../redact.js';
import { openStore } from '../stores/from-url.js';
import { parseStoreUrl } from '../stores/store-url.js';
import { isEntry, type BackupEntry } from './backup-format.js';
import type { BackupKeySource } from './backup-key.js';
import { backupPrefixOf } from './backup-prefix.js';
import { readBackup } from './backup-reader.js';
import { headerUrl, readCheckedBackup, untrustedBackup } from './checked-backup.js';
import { writerFor } from './target.js';

export interface RestoreOptions {
  /** Defaults to the URL in the backup header; required when that store had credentials, unless `password` is given. */
  url?: string;
  /** The password for the header's store (a Redis URL without one), from outside argv. */
  password?: string;
  /** Overwrite keys that exist (RESTORE … REPLACE, memcached set instead of add). */
  replace?: boolean;
  showKeys?: boolean;
  /** The key the clean signed the backup with. Default: the backup's path + `.key`. */
  backupKey?: BackupKeySource;
  /** Restore a file that is unsigned (`sessctl-backup/1`, hand-made) or whose signature is not checked. */
  trustUnsigned?: boolean;
  /**
   * Called once the file is read and checked, before the store is contacted: what would be written
   * where. Resolving false stops the restore with nothing written (SESSCTL_USAGE).
   */
  confirm?: (plan: RestorePlan) => Promise<boolean> | boolean;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
}

/** What a restore is about to write, for the question asked before it does. */
export interface RestorePlan {
  file: string;
  store: { kind: string; url: string };
  /** Entries that will be written (refused ones excluded). */
  entries: number;
  /** Session prefixes of those entries. */
  prefixes: string[];
  verified: boolean;
  replace: boolean;
}

/** `--format json`: schema sessctl-restore/1. */
export interface RestoreReport {
  schema: 'sessctl-restore/1';
  complete: boolean;
  file: string;
  store: { kind: string; url: string };
  replace: boolean;
  /** The HMAC chain was checked with the backup key (false only with trustUnsigned). */
  verified: boolean;
  durationMs: number;
  /** Entries to put back: the last entry of each key, minus those the clean kept (never deleted). */
  entries: number;
  restored: number;
  exists: number;
  expired: number;
  errors: number;
  /** Entries not written: outside the session prefixes the clean recorded, or a value type sessions do not use. */
  refused: number;
  /** Backed up but left in place by the clean (changed, gone), or superseded by a later entry. */
  notDeleted: number;
  corrupt: Array<{ line: number; reason: string }>;
  /** Keys kept because they exist (redacted unless showKeys), at most 20. */
  existing: string[];
  errorDetails: Array<{ line: number; key: string; message: string }>;
  refusedDetails: Array<{ line: number; key: string; reason: string }>;
}

const BATCH = 500;
const MAX_LISTED = 20;

/**
 * Puts a clean's backup back: two passes over the file, the first to check its signatures and
 * learn which entry of each key is the one to restore (the last, unless a batch mark says it was
 * kept), the second to write them in batches. Nothing is written to a store unless every whole line
 * verifies with the backup key (or `trustUnsigned`), and only keys under the session prefixes the
 * clean recorded, holding a string or a hash. A corrupt or torn line is reported with its number;
 * the rest is restored.
 *
 * @example
 * const r = await restore('./sessctl-backup-….ndjson');
 * console.log(r.restored, r.exists, r.expired);
 */
export async function restore(file: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const started = performance.now();
  const { header, last, corrupt, totalEntries, recheck } = await readCheckedBackup(file, options);
  if (!header && !last.size)
    throw new SessctlError('SESSCTL_FILE', `${file} is not a sessctl backup (no header, no entries)`);
  let url = options.url;
  if (!url) {
    if (!header)
      throw new UsageError(`${file} has no readable header: give the store URL`, {
        hint: 'sessctl restore <backup> <store-url>',
      });
    if (header.store.hadCredentials && options.password === undefined) {
      throw new UsageError(`the backup's store needs credentials that are not recorded: give the store URL`, {
        hint: `sessctl restore ${file} <store-url>, or the password in REDISCLI_AUTH or --password-file`,
      });
    }
    url = headerUrl(header.store.url, options.password, file);
  }
  const target = parseStoreUrl(url);
  let entries = 0;
  let refused = 0;
  const prefixes = new Set<string>();
  for (const [k, v] of last) {
    if (v.kept) continue;
    entries++;
    if (v.refused) refused++;
    else prefixes.add(backupPrefixOf(Buffer.from(k, 'base64').toString('utf8')));
  }
  const plan: RestorePlan = {
    file,
    store: { kind: target.kind, url: target.redacted },
    entries: entries - refused,
    prefixes: [...prefixes].sort(),
    verified: recheck() !== undefined,
    replace: options.replace ?? false,
  };
  if (options.confirm && !(await options.confirm(plan))) throw new UsageError('not confirmed: nothing was restored');

  const store = await openStore(target, { signal: options.signal });
  const show = (k: string) => {
    const key = Buffer.from(k, 'base64').toString('utf8');
    return options.showKeys ? key : redactKey(key, key.slice(0, key.lastIndexOf(':') + 1));
  };
  const report: RestoreReport = {
    schema: 'sessctl-restore/1',
    complete: true,
    file,
    store: { kind: store.kind, url: store.redactedUrl },
    replace: options.replace ?? false,
    verified: plan.verified,
    durationMs: 0,
    entries,
    restored: 0,
    exists: 0,
    expired: 0,
    errors: 0,
    refused,
    notDeleted: totalEntries - entries,
    corrupt,
    existing: [],
    errorDetails: [],
    refusedDetails: [],
  };
  for (const [k, v] of last)
    if (!v.kept && v.refused && report.refusedDetails.length < MAX_LISTED)
      report.refusedDetails.push({ line: v.line, key: show(k), reason: v.refused });
  try {
    const target = writerFor(store);
    let batch: Array<{ line: number; entry: BackupEntry }> = [];
    const flush = async () => {
      const results = await target.restore(
        batch.map((b) => b.entry),
        options.replace ?? false,
      );
      results.forEach((r, i) => {
        const { line, entry } = batch[i]!;
        const shown = show(entry.key);
        if (r.outcome === 'restored') report.restored++;
        else if (r.outcome === 'expired') report.expired++;
        else if (r.outcome === 'exists') {
          report.exists++;
          if (report.existing.length < MAX_LISTED) report.existing.push(shown);
        } else {
          report.errors++;
          if (report.errorDetails.length < MAX_LISTED)
            report.errorDetails.push({ line, key: shown, message: r.message ?? 'failed' });
        }
      });
      options.onProgress?.({
        done: report.restored + report.exists + report.expired + report.errors,
        total: report.entries - report.refused,
      });
      batch = [];
    };
    // The file is read again: checked again, so one swapped in after the first pass writes nothing.
    const again = recheck();
    for await (const r of readBackup(file)) {
      if (options.signal?.aborted) {
        report.complete = false;
        break;
      }
      if ('error' in r) continue;
      if (again && !again.check(r.text).ok)
        throw untrustedBackup(`${file} line ${r.lineNo} changed while it was being restored: stopped`);
      if (!isEntry(r.line)) continue;
      const want = last.get(r.line.key);
      if (!want || want.kept || want.refused || want.line !== r.lineNo) continue;
      batch.push({ line: r.lineNo, entry: r.line });
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length && !options.signal?.aborted) await flush();
    if (options.signal?.aborted) report.complete = false;
  } finally {
    await store.close();
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
