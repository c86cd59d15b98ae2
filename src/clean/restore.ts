import { SessctlError, UsageError } from '../errors.js';
import { redactKey } from '../redact.js';
import { openStore } from '../stores/from-url.js';
import { isEntry, type BackupEntry, type BackupHeader } from './backup-format.js';
import { readBackup } from './backup-reader.js';
import { restoreTarget } from './restore-target.js';

export interface RestoreOptions {
  /** Defaults to the URL in the backup header; required when that store had credentials. */
  url?: string;
  /** Overwrite keys that exist (RESTORE … REPLACE, memcached set instead of add). */
  replace?: boolean;
  showKeys?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
}

/** `--format json`: schema sessctl-restore/1. */
export interface RestoreReport {
  schema: 'sessctl-restore/1';
  complete: boolean;
  file: string;
  store: { kind: string; url: string };
  replace: boolean;
  durationMs: number;
  /** Entries to put back: the last entry of each key, minus those the clean kept (never deleted). */
  entries: number;
  restored: number;
  exists: number;
  expired: number;
  errors: number;
  /** Backed up but left in place by the clean (changed, gone), or superseded by a later entry. */
  notDeleted: number;
  corrupt: Array<{ line: number; reason: string }>;
  /** Keys kept because they exist (redacted unless showKeys), at most 20. */
  existing: string[];
  errorDetails: Array<{ line: number; key: string; message: string }>;
}

const BATCH = 500;
const MAX_LISTED = 20;

/**
 * Puts a clean's backup back: two passes over the file, the first to learn which entry of each
 * key is the one to restore (the last, unless a batch mark says it was kept), the second to write
 * them in batches. A corrupt or torn line is reported with its number; the rest is restored.
 *
 * @example
 * const r = await restore('./sessctl-backup-….ndjson');
 * console.log(r.restored, r.exists, r.expired);
 */
export async function restore(file: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const started = performance.now();
  const corrupt: RestoreReport['corrupt'] = [];
  let header: BackupHeader | undefined;
  const last = new Map<string, { line: number; kept: boolean }>();
  let totalEntries = 0;
  for await (const r of readBackup(file)) {
    if ('error' in r) corrupt.push({ line: r.lineNo, reason: r.error });
    else if (r.line.type === 'header') header ??= r.line;
    else if (r.line.type === 'batch') {
      for (const k of r.line.kept) {
        const e = last.get(k);
        if (e) e.kept = true;
      }
    } else {
      totalEntries++;
      last.set(r.line.key, { line: r.lineNo, kept: false });
    }
  }
  if (!header && !last.size) throw new SessctlError('SESSCTL_FILE', `${file} is not a sessctl backup (no header, no entries)`);
  let url = options.url;
  if (!url) {
    if (!header) throw new UsageError(`${file} has no readable header: give the store URL`, { hint: 'sessctl restore <backup> <store-url>' });
    if (header.store.hadCredentials) throw new UsageError(`the backup's store needs credentials that are not recorded: give the store URL`, { hint: `sessctl restore ${file} <store-url>` });
    url = header.store.url;
  }
  const store = await openStore(url, { signal: options.signal });
  const report: RestoreReport = {
    schema: 'sessctl-restore/1',
    complete: true,
    file,
    store: { kind: store.kind, url: store.redactedUrl },
    replace: options.replace ?? false,
    durationMs: 0,
    entries: 0,
    restored: 0,
    exists: 0,
    expired: 0,
    errors: 0,
    notDeleted: 0,
    corrupt,
    existing: [],
    errorDetails: [],
  };
  for (const v of last.values()) if (!v.kept) report.entries++;
  report.notDeleted = totalEntries - report.entries;
  try {
    const target = restoreTarget(store);
    let batch: Array<{ line: number; entry: BackupEntry }> = [];
    const flush = async () => {
      const results = await target.restore(batch.map((b) => b.entry), options.replace ?? false);
      results.forEach((r, i) => {
        const { line, entry } = batch[i]!;
        const key = Buffer.from(entry.key, 'base64').toString('utf8');
        const shown = options.showKeys ? key : redactKey(key, key.slice(0, key.lastIndexOf(':') + 1));
        if (r.outcome === 'restored') report.restored++;
        else if (r.outcome === 'expired') report.expired++;
        else if (r.outcome === 'exists') {
          report.exists++;
          if (report.existing.length < MAX_LISTED) report.existing.push(shown);
        } else {
          report.errors++;
          if (report.errorDetails.length < MAX_LISTED) report.errorDetails.push({ line, key: shown, message: r.message ?? 'failed' });
        }
      });
      options.onProgress?.({ done: report.restored + report.exists + report.expired + report.errors, total: report.entries });
      batch = [];
    };
    for await (const r of readBackup(file)) {
      if (options.signal?.aborted) {
        report.complete = false;
        break;
      }
      if ('error' in r || !isEntry(r.line)) continue;
      const want = last.get(r.line.key);
      if (!want || want.kept || want.line !== r.lineNo) continue;
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
