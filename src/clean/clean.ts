import { stat } from 'node:fs/promises';
import { parseLayouts } from '../frameworks/layout.js';
import { scanStore } from '../scan/scan.js';
import type { ScanOptions } from '../scan/types.js';
import { openStore } from '../stores/from-url.js';
import type { Rate } from '../stores/pace.js';
import { parseStoreUrl } from '../stores/store-url.js';
import { Applier } from './apply.js';
import { BackupWriter } from './backup.js';
import { keyFileFor, loadBackupKey, loadOrCreateBackupKey, type BackupKeySource } from './backup-key.js';
import { effectiveClasses, planRecord, PlanTally } from './plan.js';
import { openPlanSource } from './plan-from-dump.js';
import { writerFor } from './target.js';
import { CLEAN_SPEC } from '../options/clean.js';
import type { Candidate, CleanableClass, CleanGroup, CleanProgress, CleanReport } from './types.js';

/** `--min-age`'s default, from the option spec. */
export const DEFAULT_CLEAN_MIN_AGE_MS = CLEAN_SPEC.minAgeMs.default;

export interface CleanOptions {
  /** Default `['empty']`. */
  classes?: CleanableClass[];
  minAgeMs?: number;
  staleMs?: number;
  match?: string;
  /** Custom session layers named by the user: their keys may be cleaned (detected ones never are). */
  layouts?: ScanOptions['layouts'];
  /** Delete (default: dry run, nothing is written anywhere). */
  apply?: boolean;
  /** Backup file; `null` = no backup (the CLI allows it only with --apply --yes). Default: defaultBackupPath(). */
  backup?: string | null;
  /** The HMAC key that signs the backup. Default: the backup's path + `.key`, created (0600) when missing. */
  backupKey?: BackupKeySource;
  fixTtlMs?: number;
  maxDelete?: number;
  /** Deletes per second, `max`, or undefined: adaptive (the walk too, unless `max`). */
  rate?: Rate;
  signal?: AbortSignal;
  onProgress?: (p: CleanProgress) => void;
  /**
   * With `apply`: called once the walk is done and the selection known, before anything is backed up
   * or deleted; throw to stop (nothing changes). The selection is held in memory until then.
   * Not called when nothing is selected or the walk did not finish.
   */
  confirm?: (selection: CleanSelection) => Promise<void>;
  /**
   * With `confirm`: hold at most this many selected keys. Past it, `confirm` gets the selection so
   * far (`partial`), and the clean then deletes as it walks, so memory stays flat. For answers that
   * need no person (--yes); a question a person answers must see the whole selection (the default).
   */
  holdAtMost?: number;
  /** Runs before each batch is backed up and deleted (tests). */
  onBeforeBatch?: (batch: Candidate[]) => Promise<void> | void;
  /** `--plan-from`: select from this RDB dump instead of walking the store (see openPlanSource). */
  planFrom?: string;
}

/** What an applying clean is about to do, for the question asked before it does it. */
export interface CleanSelection {
  store: string;
  count: number;
  bytes: number;
  groups: CleanGroup[];
  /** The backup file, or null with --no-backup. */
  backup: string | null;
  /** The walk goes on: this is the selection so far, and what it selects next is deleted too. */
  partial: boolean;
}

/** `./sessctl-backup-<store>-<UTC timestamp>.ndjson`, the store named by its first host:port. */
export function defaultBackupPath(redactedUrl: string, now = new Date()): string {
  const host = redactedUrl.replace(/^[a-z+]+:\/\/([^@]*@)?/i, '').split(/[,/?]/)[0] || 'store';
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `./sessctl-backup-${host.replace(/[^A-Za-z0-9.-]+/g, '_')}-${stamp}.ndjson`;
}

/**
 * Scans a store and removes what the policy selects: a dry run by default; with `apply`, batch by
 * batch backup (fsynced) → conditional delete. Never throws for an interrupted run or a node that
 * went down: the report says `complete: false`.
 *
 * @example
 * const dry = await clean('redis://localhost:6379', { match: 'sess:*' });
 * const done = await clean('redis://localhost:6379', { match: 'sess:*', apply: true, backup: './b.ndjson' });
 */
export async function clean(url: string, options: CleanOptions = {}): Promise<CleanReport> {
  const parsed = parseStoreUrl(url);
  // A bad layout refuses the run before the store is opened or a backup created.
  parseLayouts(options.layouts);
  const { minAgeMs = DEFAULT_CLEAN_MIN_AGE_MS, apply = false, signal } = options;
  const policy = {
    classes: effectiveClasses(options.classes ?? (CLEAN_SPEC.classes.default as CleanableClass[]), options.fixTtlMs),
    minAgeMs,
    matched: options.match !== undefined,
    fixTtlMs: options.fixTtlMs,
  };
  const started = performance.now();
  // --plan-from: the dump is walked, the live store only receives the selected keys' snapshots and
  // deletes. The dump is opened first: a bad one is refused before the server is contacted.
  const dump = options.planFrom === undefined ? undefined : await openPlanSource(options.planFrom, parsed, signal);
  const store = await openStore(parsed, { signal });
  const source = dump ?? store;
  let backup: BackupWriter | undefined;
  let pending: Promise<void> = Promise.resolve();
  try {
    const target = writerFor(store, { exactExpiry: dump !== undefined });
    const info = await store.info(signal);
    const warnings: string[] = [];
    // With `confirm`, nothing is backed up or deleted until the selection is known and confirmed.
    const ask = apply ? options.confirm : undefined;
    const openBackup = async () => {
      if (apply && options.backup !== null) {
        const path = options.backup ?? defaultBackupPath(store.redactedUrl);
        const source = options.backupKey ?? { file: keyFileFor(path) };
        // A backup being resumed goes on with the key that signed it; only a new one gets a new key.
        const resuming = await stat(path).then(
          () => true,
          () => false,
        );
        const key = resuming ? await loadBackupKey(source) : await loadOrCreateBackupKey(source);
        backup = await BackupWriter.open(
          path,
          {
            kind: store.kind,
            url: store.redactedUrl,
            version: info.version,
            hadCredentials: 'password' in parsed && parsed.password !== undefined,
          },
          { key, match: options.match ?? null },
        );
      }
    };
    if (!ask) await openBackup();
    if (apply && options.backup === null) warnings.push('--no-backup: deleted sessions cannot be restored');
    // Reading payloads resets idle times where the server cannot be told not to (Redis < 7.2):
    // an --apply right after this dry run would judge the keys it just read as freshly used.
    // With --min-age 0 and no idle-based class, an idle time reset changes nothing the next run selects.
    const idleMatters = minAgeMs > 0 || policy.classes.some((c) => c === 'never-read' || c === 'stale');
    if (!apply && idleMatters && source === store && store.capabilities.idleTime && !store.capabilities.noTouch) {
      warnings.push(
        'this dry run read payloads on a server without CLIENT NO-TOUCH (Redis < 7.2), which resets their idle times: wait at least --min-age before --apply',
      );
    }
    const newApplier = () =>
      new Applier({
        target,
        backup,
        rate: options.rate,
        maxDelete:
          options.maxDelete === undefined
            ? undefined
            : Math.max(0, options.maxDelete - (backup?.previous?.deleted ?? 0)),
        signal,
        onBeforeBatch: options.onBeforeBatch,
      });
    let resumedDeleted = backup?.previous?.deleted ?? 0;
    let applier = apply && !ask ? newApplier() : undefined;
    /** With `confirm`: the selection, held until it is confirmed (memory grows with what is selected, not with the keyspace). */
    let held: Candidate[] | undefined = ask ? [] : undefined;
    const selection = (partial: boolean): CleanSelection => ({
      store: store.redactedUrl,
      count: tally.count,
      bytes: tally.bytes,
      groups: tally.groups(),
      backup: options.backup === null ? null : (options.backup ?? defaultBackupPath(store.redactedUrl)),
      partial,
    });
    /** After the answer: the backup opens and the held keys go to a new applier. */
    const startApplying = async (batch: Candidate[]) => {
      await openBackup();
      resumedDeleted = backup?.previous?.deleted ?? 0;
      applier = newApplier();
      return applier.submit(batch);
    };
    const tally = new PlanTally();
    /** Keys a detected-only layer would have given, per prefix: said in a warning, never touched. */
    const heldBack = new Map<string, number>();
    let scanned = 0;
    const sourceInfo = source === store ? info : await source.info(signal);
    const expected = sourceInfo.estimate.keys;
    const progress = () =>
      options.onProgress?.({
        scanned,
        expected,
        selected: tally.count,
        deleted: applier?.result.deleted ?? 0,
        skipped: applier ? Object.values(applier.result.skipped).reduce((a, b) => a + b, 0) : 0,
        elapsedMs: performance.now() - started,
      });

    // One batch deletes while the scan reads the next: the walk and the deletes overlap, at most one batch behind.
    const scan = await scanStore(source, {
      // A budget is the deletes'; the walk stays adaptive unless told to run flat out.
      rate: options.rate === 'max' ? 'max' : undefined,
      match: options.match,
      layouts: options.layouts,
      minAgeMs,
      staleMs: options.staleMs,
      signal,
      onBatch: async (batch) => {
        scanned += batch.length;
        const cands: Candidate[] = [];
        for (const item of batch) {
          const c = planRecord(item, policy);
          if (c) cands.push(c);
          else if (
            item.record.evidence.layout?.source === 'detected' &&
            planRecord(item, { ...policy, matched: true })
          ) {
            heldBack.set(item.record.prefix, (heldBack.get(item.record.prefix) ?? 0) + 1);
          }
        }
        for (const c of cands) tally.add(c);
        await pending;
        if (held) {
          held.push(...cands);
          if (ask && options.holdAtMost !== undefined && held.length >= options.holdAtMost) {
            // Throws when the answer is no: nothing was backed up or deleted.
            await ask(selection(true));
            pending = startApplying(held).then(progress);
            pending.catch(() => undefined);
            held = undefined;
          }
        } else if (applier && cands.length) {
          pending = applier.submit(cands).then(progress);
          pending.catch(() => undefined); // awaited with the next batch; never an unhandled rejection meanwhile
        }
        progress();
      },
    });
    await pending;
    if (ask && held && held.length > 0 && scan.complete && !signal?.aborted) {
      // Throws when the answer is no: nothing was backed up or deleted.
      await ask(selection(false));
      await startApplying(held.splice(0));
      progress();
    }
    for (const [prefix, n] of heldBack) {
      warnings.push(
        `${n} key${n === 1 ? '' : 's'} under ${prefix} left alone: a custom session layer recognised by detection alone is never cleaned; name it with --layout '${prefix}{id}' or --match '${prefix}*'`,
      );
    }
    const interrupted = signal?.aborted === true;
    return {
      schema: 'sessctl-clean/1',
      // Failed deletes leave work undone as surely as an unfinished walk.
      complete: scan.complete && !interrupted && (applier?.result.skipped.error ?? 0) === 0,
      applied: apply,
      store: { kind: store.kind, url: store.redactedUrl, version: info.version },
      ...(sourceInfo.dump
        ? {
            planFrom: {
              url: source.redactedUrl,
              ctime: sourceInfo.dump.ctime,
              rdbVersion: sourceInfo.dump.rdbVersion,
              complete: sourceInfo.dump.complete,
            },
          }
        : {}),
      method: target.method,
      policy: {
        classes: policy.classes,
        minAgeS: minAgeMs / 1000,
        match: options.match ?? null,
        layouts: (options.layouts ?? []).map((l) => (typeof l === 'string' ? l : l.template)),
        fixTtlS: options.fixTtlMs === undefined ? null : options.fixTtlMs / 1000,
        maxDelete: options.maxDelete ?? null,
        rate: options.rate ?? null,
      },
      durationMs: Math.round(performance.now() - started),
      scanned: { keys: scan.totals.keys, bytes: scan.totals.bytes },
      selected: { count: tally.count, bytes: tally.bytes, groups: tally.groups() },
      result: applier ? { ...applier.result, resumedDeleted } : null,
      backup: backup
        ? { path: backup.path, entries: backup.entries, resumed: backup.resumed, key: backup.keyFrom }
        : null,
      problems: [
        ...scan.problems,
        ...(applier?.problems ?? []),
        ...(interrupted && !scan.problems.length ? ['interrupted'] : []),
      ],
      warnings,
      pacing: { walk: scan.pacing ?? null, deletes: applier?.pacer.report() ?? null },
    };
  } finally {
    await pending.catch(() => undefined);
    await backup?.close();
    await dump?.close();
    await store.close();
  }
}
