import type { Observation } from './observe.js';
import { UNATTRIBUTED_PREFIX } from './types.js';

interface Counts {
  framework: string;
  seen: number;
  newest: number;
  recent: number;
  expiring: number;
  newestJudged: number;
  newestEmpty: number;
  newestReadKnown: number;
  newestNeverRead: number;
  judged: number;
  empty: number;
  readKnown: number;
  neverRead: number;
}

interface Bucket {
  byPrefix: Map<string, Counts>;
  seen: number;
}

export interface PrefixEstimate {
  prefix: string;
  framework: string;
  sessions: number;
  sessionsError: number;
  createdPerS: number;
  error: number;
  expiredPerS: number;
  emptyShare: number | null;
  neverReadShare: number | null;
  /** Shares over all the prefix's sampled keys (not only the newest): the classes of the sessions it holds. */
  classShares: { empty: number | null; neverRead: number | null };
  sampled: number;
}

/** Buckets searched for keys created within about an interval, and how many make a share worth using. */
const RECENT_BUCKETS = 2;
const MIN_RECENT = 5;
/** z for a two-sided 95 % interval. */
const Z95 = 1.96;

/**
 * The sample's recent past, one bucket per interval. The counters say how many keys were created
 * and expired store-wide; the sample says whose they were: a prefix gets the share of the newest
 * sampled keys that are its own (and of the soon-expiring ones for expirations). The error is the
 * binomial one of that share, shrunk by how much of the keyspace the window covered (finite
 * population), so a sample that read every key reports 0.
 */
export class SampleWindow {
  readonly #buckets: Bucket[] = [];
  #current: Bucket = { byPrefix: new Map(), seen: 0 };

  /**
   * @param newestBuckets intervals that make up the newest window (its length over the interval).
   * @param maxBuckets    how far back the shares of sessions may look for a full pass of the keyspace.
   */
  constructor(
    readonly newestBuckets: number,
    readonly maxBuckets = 720,
  ) {}

  add(o: Observation): void {
    const b = this.#current;
    b.seen++;
    let c = b.byPrefix.get(o.prefix);
    if (!c) {
      c = {
        framework: o.framework,
        seen: 0,
        newest: 0,
        recent: 0,
        expiring: 0,
        newestJudged: 0,
        newestEmpty: 0,
        newestReadKnown: 0,
        newestNeverRead: 0,
        judged: 0,
        empty: 0,
        readKnown: 0,
        neverRead: 0,
      };
      b.byPrefix.set(o.prefix, c);
    }
    c.seen++;
    if (o.expiring) c.expiring++;
    if (o.empty !== undefined) {
      c.judged++;
      if (o.empty) c.empty++;
    }
    if (o.neverRead !== undefined) {
      c.readKnown++;
      if (o.neverRead) c.neverRead++;
    }
    if (o.recent) c.recent++;
    if (!o.newest) return;
    c.newest++;
    if (o.empty !== undefined) {
      c.newestJudged++;
      if (o.empty) c.newestEmpty++;
    }
    if (o.neverRead !== undefined) {
      c.newestReadKnown++;
      if (o.neverRead) c.newestNeverRead++;
    }
  }

  /** Ends the interval: estimates from the window including it, then opens the next bucket. */
  close(totals: { keys: number; createdPerS: number; expiredPerS: number }): {
    prefixes: PrefixEstimate[];
    sampled: number;
    windowKeys: number;
    windowNewest: number;
  } {
    const closed = this.#current;
    this.#buckets.push(closed);
    if (this.#buckets.length > this.maxBuckets) this.#buckets.shift();
    this.#current = { byPrefix: new Map(), seen: 0 };

    const newest = sum(this.#buckets.slice(-this.newestBuckets));
    // Whose were this interval's creations: the keys the sample found created within about an
    // interval, over the last two buckets, when there are enough of them; otherwise every newest
    // key of the window (steadier, but it mixes in the mix of earlier intervals).
    const lately = sum(this.#buckets.slice(-RECENT_BUCKETS));
    const recentAll = total(lately, (c) => c.recent);
    const useRecent = recentAll >= MIN_RECENT;
    const attribution = useRecent ? lately : newest;
    const pick = useRecent ? (c: Counts) => c.recent : (c: Counts) => c.newest;
    // Shares of sessions from the latest buckets that together read at least the keyspace once.
    let from = this.#buckets.length;
    let covered = 0;
    while (from > 0 && covered < Math.max(1, totals.keys)) covered += this.#buckets[--from]!.seen;
    const census = sum(this.#buckets.slice(from));

    const newestAll = total(newest, (c) => c.newest);
    const attributedAll = total(attribution, pick);
    const expiringAll = total(newest, (c) => c.expiring);
    const censusAll = total(census, (c) => c.seen);
    const fpcNewest = finite(
      total(newest, (c) => c.seen),
      totals.keys,
    );
    const fpcCensus = finite(censusAll, totals.keys);

    const names = new Set([...census.keys(), ...newest.keys(), ...lately.keys()]);
    const out: PrefixEstimate[] = [];
    for (const prefix of names) {
      const n = newest.get(prefix);
      const c = census.get(prefix);
      const share = censusAll ? (c?.seen ?? 0) / censusAll : 0;
      const a = attribution.get(prefix);
      const newShare = attributedAll ? (a ? pick(a) : 0) / attributedAll : 0;
      const expShare = expiringAll ? (n?.expiring ?? 0) / expiringAll : share;
      out.push({
        prefix,
        framework: c?.framework ?? n?.framework ?? a!.framework,
        sessions: Math.round(totals.keys * share),
        sessionsError: round1(totals.keys * halfWidth(c?.seen ?? 0, censusAll) * fpcCensus),
        createdPerS: round2(totals.createdPerS * newShare),
        error: round2(totals.createdPerS * halfWidth(a ? pick(a) : 0, attributedAll) * fpcNewest),
        expiredPerS: round2(totals.expiredPerS * expShare),
        emptyShare: n?.newestJudged ? round3(n.newestEmpty / n.newestJudged) : null,
        neverReadShare: n?.newestReadKnown ? round3(n.newestNeverRead / n.newestReadKnown) : null,
        classShares: {
          empty: c?.judged ? round3(c.empty / c.judged) : null,
          neverRead: c?.readKnown ? round3(c.neverRead / c.readKnown) : null,
        },
        sampled: closed.byPrefix.get(prefix)?.seen ?? 0,
      });
    }
    // Creations the counters saw while the window holds no newest key: nobody to give them to yet.
    if (attributedAll === 0 && totals.createdPerS > 0)
      out.push({
        prefix: UNATTRIBUTED_PREFIX,
        framework: 'unknown',
        sessions: 0,
        sessionsError: 0,
        createdPerS: round2(totals.createdPerS),
        error: round2(totals.createdPerS),
        expiredPerS: 0,
        emptyShare: null,
        neverReadShare: null,
        classShares: { empty: null, neverRead: null },
        sampled: 0,
      });
    out.sort((a, b) => b.createdPerS - a.createdPerS || b.sessions - a.sessions || a.prefix.localeCompare(b.prefix));
    return {
      prefixes: out,
      sampled: closed.seen,
      windowKeys: total(newest, (c) => c.seen),
      windowNewest: newestAll,
    };
  }
}

function sum(buckets: Bucket[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const b of buckets)
    for (const [p, c] of b.byPrefix) {
      const o = out.get(p);
      if (!o) out.set(p, { ...c });
      else for (const k of Object.keys(c) as Array<keyof Counts>) if (k !== 'framework') o[k] += c[k];
    }
  return out;
}

function total(m: Map<string, Counts>, f: (c: Counts) => number): number {
  let t = 0;
  for (const c of m.values()) t += f(c);
  return t;
}

/**
 * Half-width of the 95 % interval of a share x/n, Agresti–Coull: two successes and two failures
 * added, so a share of 3 new keys out of 3 is not stated as certain (the plain binomial says ±0).
 */
function halfWidth(x: number, n: number): number {
  const nt = n + Z95 * Z95;
  const p = (x + (Z95 * Z95) / 2) / nt;
  return Z95 * Math.sqrt((p * (1 - p)) / nt);
}

/** Finite-population correction: a sample as large as the population has no sampling error. */
function finite(n: number, population: number): number {
  return population > 0 ? Math.sqrt(Math.max(0, 1 - n / population)) : 0;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
