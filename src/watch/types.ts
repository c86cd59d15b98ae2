import type { Rate } from '../stores/pace.js';

/** Keys past the 500th distinct prefix are counted here, not by name. */
export const OTHER_PREFIX = '(other)';
/** Keys the counters say were created but the sample has not yet placed under any prefix. */
export const UNATTRIBUTED_PREFIX = '(unattributed)';

export interface WatchOptions {
  /** Time between two records of a prefix, ms (default 5000). */
  intervalMs?: number;
  /**
   * Keys per second the sample may read over all nodes (default 200: a few hundred cheap commands
   * a second). `max` removes the cap. The O(1) counters are read once per interval whatever the rate.
   */
  rate?: Rate;
  /** Only keys matching this glob are sampled (the counters still cover the whole database). */
  match?: string;
  /** "Newest" means created less than this long ago, s (default: the larger of 30 s and 6 intervals). */
  newestS?: number;
  signal?: AbortSignal;
}

/** One record per prefix per interval: what `--format ndjson` writes and /metrics exports. */
export interface WatchPrefixRecord {
  /** End of the interval, ISO 8601. */
  t: string;
  prefix: string;
  framework: string;
  /** Estimated keys of the prefix now: keys of the database × the prefix's share of the sample. */
  sessions: number;
  createdPerS: number;
  expiredPerS: number;
  /** Share of `empty` among the prefix's newest sampled keys; null when none had a payload read. */
  emptyShare: number | null;
  /** Share of keys not read since they were written among the newest; null when none could tell. */
  neverReadShare: number | null;
  /** Shares over all the prefix's sampled keys, not only the newest: what the sessions it holds are. */
  classShares: { empty: number | null; neverRead: number | null };
  /** Keys of this prefix the sample read during the interval. */
  sampled: number;
  /**
   * The sampling error of `createdPerS`: half the width of its 95 % interval, keys/s. 0 when the
   * sample covered every key of the database within the window.
   */
  error: number;
  /** The same for `sessions`, keys. */
  sessionsError: number;
}

/** What one interval measured: the per-prefix records plus the whole store's counters and the sample's reach. */
export interface WatchTick {
  t: string;
  /** Seconds between the counter reads that bound this interval. */
  intervalS: number;
  /** 0 for the first interval after start. */
  seq: number;
  totals: {
    keys: number;
    createdPerS: number;
    expiredPerS: number;
    evictedPerS: number;
    /** Deletes by clients, where the server counts them (memcached); null on Redis. */
    deletedPerS: number | null;
  };
  prefixes: WatchPrefixRecord[];
  sample: {
    /** Keys the sample read in this interval. */
    keys: number;
    /** Keys behind the shares (the window), and how many of them were newest. */
    windowKeys: number;
    windowNewest: number;
    /** Complete passes over the keyspace so far. */
    passes: number;
  };
  /** Nodes that did not answer, restarts, anything that makes this interval's figures partial. */
  problems: string[];
}

/** Facts about the store that hold for the whole watch. */
export interface WatchStoreFacts {
  kind: string;
  url: string;
  nodes: string[];
  /** Payloads are read (NO-TOUCH); otherwise `emptyShare` is null. */
  payloads: boolean;
  /** "Newest" window, s. */
  newestS: number;
  /** What the figures cannot see, in plain words. */
  caveats: string[];
}
