import { SessctlError } from '../errors.js';
import { pacer, type Pacer, type Rate } from '../stores/pace.js';
import type { BackupEntry } from './backup-format.js';
import type { BackupWriter } from './backup.js';
import type { StoreWriter } from '../stores/writer.js';
import type { Candidate, CleanReport, Outcome } from './types.js';

export interface ApplyOptions {
  target: StoreWriter;
  /** Undefined with --no-backup. */
  backup?: BackupWriter;
  /** Keys/s over deletes and expiries, `max`, or undefined: adaptive, by the deletes' own latency. */
  rate?: Rate;
  /** Deletes this run may still make (--max-delete minus what earlier runs on the backup deleted). */
  maxDelete?: number;
  signal?: AbortSignal;
  /** Runs before each batch is backed up and deleted: tests change keys here, deterministically. */
  onBeforeBatch?: (batch: Candidate[]) => Promise<void> | void;
  /** After each batch. */
  onBatchDone?: () => void;
}

export type ApplyResult = Omit<NonNullable<CleanReport['result']>, 'resumedDeleted'>;

/** Keys per backup+delete batch: one fsync and one pipeline per node each. */
export const DEFAULT_BATCH = 1000;

/**
 * Backs up and conditionally deletes candidates in batches: write + fsync the batch's entries,
 * then the conditional deletes, then a mark naming the keys that stayed. A kill between any two
 * steps leaves every deleted key in the backup; a rerun finds the rest and deletes each key once
 * (a deleted key is gone, a kept one is still there to be judged again).
 */
export class Applier {
  readonly result: ApplyResult = {
    deleted: 0,
    fixed: 0,
    bytesFreed: 0,
    skipped: { changed: 0, gone: 0, error: 0, limit: 0 },
  };
  /** Why batches failed (a node that dropped or restarted), once per distinct reason. */
  readonly problems: string[] = [];
  readonly pacer: Pacer;
  readonly #batch: number;
  #budget: number;
  #lastKeys = 0;
  #lastServerMs: number | undefined;

  constructor(readonly options: ApplyOptions) {
    this.pacer = pacer(options.rate);
    this.#budget = options.maxDelete ?? Number.POSITIVE_INFINITY;
    this.#batch =
      typeof options.rate === 'number'
        ? Math.max(1, Math.min(DEFAULT_BATCH, Math.floor(options.rate / 4)))
        : DEFAULT_BATCH;
  }

  get stopped(): boolean {
    return this.options.signal?.aborted === true;
  }

  /** Takes the candidates of one scan batch; resolves when they are handled (or the run stops). */
  async submit(cands: Candidate[]): Promise<void> {
    for (let i = 0; i < cands.length && !this.stopped; i += this.#batch) {
      await this.#run(cands.slice(i, i + this.#batch));
    }
  }

  async #run(all: Candidate[]): Promise<void> {
    const batch: Candidate[] = [];
    for (const c of all) {
      if (c.action === 'delete' && this.#budget <= 0) this.result.skipped.limit++;
      else {
        if (c.action === 'delete') this.#budget--;
        batch.push(c);
      }
    }
    if (!batch.length) return;
    try {
      // This batch counts against a fixed budget before it runs; the adaptive pacer judges it by the
      // server time per key of the batch before (the first runs at once).
      const perKeyMs =
        this.#lastServerMs === undefined || !this.#lastKeys ? undefined : this.#lastServerMs / this.#lastKeys;
      await this.pacer.take(
        batch.length,
        this.options.signal,
        perKeyMs === undefined ? undefined : perKeyMs * batch.length,
      );
    } catch (err) {
      if (err instanceof SessctlError && err.code === 'SESSCTL_ABORTED') return;
      throw err;
    }
    await this.options.onBeforeBatch?.(batch);
    const { target, backup } = this.options;

    // Only deletes need a backup; a key that vanished before its snapshot is not deleted by us.
    let snaps: Array<BackupEntry | undefined> = [];
    try {
      if (backup) snaps = await target.snapshot(batch);
    } catch (err) {
      // Nothing of this batch is backed up, so nothing of it is deleted: a rerun judges it again.
      this.#failed(err, batch);
      return;
    }
    const entries: BackupEntry[] = [];
    const todo: Candidate[] = [];
    const todoSnaps: Array<BackupEntry | undefined> = [];
    batch.forEach((c, i) => {
      if (backup && c.action === 'delete') {
        const s = snaps[i];
        if (!s) {
          this.result.skipped.gone++;
          this.#budget++;
          return;
        }
        entries.push(s);
        todoSnaps.push(s);
      } else todoSnaps.push(undefined);
      todo.push(c);
    });
    await backup?.append(entries);

    let outcomes: Outcome[];
    const sentAt = performance.now();
    this.#lastKeys = todo.length;
    this.#lastServerMs = undefined;
    try {
      outcomes = await target.apply(todo, todoSnaps);
      this.#lastServerMs = performance.now() - sentAt;
    } catch (err) {
      // Some deletes may have run before the node dropped: their keys are in the backup, and
      // counting them as errors (not "kept") makes a restore try each of them.
      this.#failed(err, []);
      outcomes = todo.map(() => 'error');
    }
    const kept: string[] = [];
    let deleted = 0;
    outcomes.forEach((o, i) => {
      const c = todo[i]!;
      if (o === 'deleted') {
        deleted++;
        this.result.bytesFreed += c.record.bytes;
      } else if (o === 'fixed') this.result.fixed++;
      else this.result.skipped[o]++;
      // Only keys known to be in place are marked kept; after an error the key may be gone, so a restore must try it.
      if ((o === 'changed' || o === 'gone') && todoSnaps[i]) kept.push(c.raw.key.toString('base64'));
      if (o !== 'deleted' && c.action === 'delete') this.#budget++;
    });
    this.result.deleted += deleted;
    if (entries.length) await backup?.mark(deleted, kept);
    this.options.onBatchDone?.();
  }

  /** A store error fails one batch, not the run; anything else is a bug and propagates. */
  #failed(err: unknown, notTried: Candidate[]): void {
    if (
      !(err instanceof SessctlError) ||
      (err.code !== 'SESSCTL_STORE_ERROR' && err.code !== 'SESSCTL_STORE_UNREACHABLE')
    )
      throw err;
    for (const c of notTried) {
      this.result.skipped.error++;
      if (c.action === 'delete') this.#budget++;
    }
    const why = `deletes failed: ${err.message}`;
    if (!this.problems.includes(why)) this.problems.push(why);
  }
}
