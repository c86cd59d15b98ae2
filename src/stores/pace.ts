import { SessctlError } from '../errors.js';

/** Resolves after `ms`, or rejects with SESSCTL_ABORTED when the signal fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function aborted(): SessctlError {
  return new SessctlError('SESSCTL_ABORTED', 'scan interrupted');
}

/** `--rate`: a keys/s budget, `max` (flat out), or undefined for adaptive pacing (the default). */
export type Rate = number | 'max' | undefined;

export interface Slowdown {
  /** Since the walk began. */
  atMs: number;
  /** The pace it slowed to. */
  keysPerS: number;
  reason: string;
}

/** How a walk (or a clean's deletes) was paced: part of the scan and clean reports. */
export interface PacingReport {
  mode: 'adaptive' | 'fixed' | 'max';
  /** The fixed budget (`--rate N`); null otherwise. */
  budget: number | null;
  /** Keys handed on per second of the walk, waits included. */
  meanKeysPerS: number;
  /** Adaptive: the server's time per key before the walk loaded it, µs; null when it never answered a batch. */
  baselineUsPerKey: number | null;
  slowdowns: Slowdown[];
}

/**
 * Paces a walk shared by every node walker: after each batch a walker calls `take` with the batch's
 * key count and, where it has one, the time the server took to answer it.
 */
export interface Pacer {
  /**
   * It paces by the server's answer times: a walker then keeps one batch in flight and sends it
   * while the client is idle, so that the time it reports is the server's round trip alone (with
   * two in flight, one answer waits behind the other, and behind the client's work on the batch
   * before).
   */
  readonly timesServer: boolean;
  take(keys: number, signal?: AbortSignal, serverMs?: number): Promise<void>;
  report(): PacingReport;
}

export function pacer(rate: Rate): Pacer {
  if (rate === 'max') return new MaxPacer();
  if (rate === undefined) return new AdaptivePacer();
  return new RateLimiter(rate);
}

class Counter {
  keys = 0;
  readonly start = performance.now();
  mean(): number {
    const s = (performance.now() - this.start) / 1000;
    return s > 0 ? Math.round(this.keys / s) : 0;
  }
}

class MaxPacer implements Pacer {
  readonly timesServer = false;
  readonly #count = new Counter();
  async take(keys: number): Promise<void> {
    this.#count.keys += keys;
  }
  report(): PacingReport {
    return { mode: 'max', budget: null, meanKeysPerS: this.#count.mean(), baselineUsPerKey: null, slowdowns: [] };
  }
}

/**
 * A fixed keys/s budget: after each batch a walker waits until the keys taken so far fit the rate
 * since the start. Smooth enough at batch granularity (≤ 1000 keys).
 */
export class RateLimiter implements Pacer {
  readonly timesServer = false;
  readonly #count = new Counter();
  constructor(readonly perSecond: number | undefined) {}

  async take(n: number, signal?: AbortSignal): Promise<void> {
    this.#count.keys += n;
    if (!this.perSecond) return;
    const due = (this.#count.keys / this.perSecond) * 1000 - (performance.now() - this.#count.start);
    if (due > 1) await sleep(due, signal);
  }

  report(): PacingReport {
    return {
      mode: this.perSecond ? 'fixed' : 'max',
      budget: this.perSecond ?? null,
      meanKeysPerS: this.#count.mean(),
      baselineUsPerKey: null,
      slowdowns: [],
    };
  }
}

/**
 * At the baseline, the share of the time a batch may be outstanding: from its write to the arrival
 * of its answer's last bytes, the server's round trip (about 3.5 µs a key here at rest). Until the
 * walk timed that alone, the client's reading of the answer (about 20 µs a key) was in it, and a
 * quarter of that time kept 88–98 % of an app's GETs at 13–17k keys/s; a tenth of the server's own
 * time is about 28k keys/s at rest on the shared 2-core box, less as the server slows
 * (bench/impact.mjs): production first, --rate max for speed.
 */
export const ADAPTIVE_SHARE = 0.1;
/** Batches whose median answer sets the baseline. */
const BASELINE_BATCHES = 5;
/** Latency above this multiple of the baseline is a slowdown worth reporting (and it ends below the lower one). */
const SLOW_ABOVE = 2;
const SLOW_BELOW = 1.5;
const EWMA = 0.3;
/** A report lists this many slowdowns at most; a server that flaps would otherwise grow it without end. */
const MAX_SLOWDOWNS = 20;
/** Never slower than this, so a scan always ends. */
const FLOOR_KEYS_PER_S = 200;
const MAX_RATIO = 5;

/**
 * Paces by what the server shows: the time it takes to answer the walk's own batches, per key,
 * against the baseline of the first batches. At the baseline a batch is outstanding at most
 * ADAPTIVE_SHARE of the time; when answers slow down (other clients queue in front of ours, or the
 * box is short of CPU) the pace falls with the square of the slowdown, down to 1/25, and it climbs
 * back as they get faster. Stores that give no latency (memory://, a metadump without payload reads)
 * are not paced.
 */
export class AdaptivePacer implements Pacer {
  readonly timesServer = true;
  readonly #count = new Counter();
  readonly #slowdowns: Slowdown[] = [];
  #baseline = Number.POSITIVE_INFINITY;
  readonly #first: number[] = [];
  #seen = 0;
  #ewma: number | undefined;
  #slow = false;
  /** When the next batch may start, performance.now() ms. */
  #nextAt = performance.now();

  constructor(readonly share = ADAPTIVE_SHARE) {}

  /** The pace for the current latency, keys/s. */
  get keysPerS(): number {
    if (this.#ewma === undefined || !Number.isFinite(this.#baseline)) return Number.POSITIVE_INFINITY;
    // pace = share / (baseline · ratio²); past MAX_RATIO it stops falling: 25× slower than at the
    // baseline is gentle enough, and a scan of millions of keys must still end.
    const ratio = Math.min(MAX_RATIO, Math.max(1, this.#ewma / this.#baseline));
    return Math.max(FLOOR_KEYS_PER_S, (this.share * 1000) / Math.max(this.#baseline, 1e-6) / (ratio * ratio));
  }

  async take(keys: number, signal?: AbortSignal, serverMs?: number): Promise<void> {
    this.#count.keys += keys;
    if (serverMs === undefined || keys <= 0) return;
    const perKey = serverMs / keys;
    // The median of the first batches: the fastest one alone would make ordinary noise look like load.
    if (this.#seen < BASELINE_BATCHES) {
      this.#first.push(perKey);
      this.#baseline = median(this.#first);
    }
    this.#seen++;
    this.#ewma = this.#ewma === undefined ? perKey : this.#ewma + EWMA * (perKey - this.#ewma);
    const ratio = this.#ewma / this.#baseline;
    const pace = this.keysPerS;
    if (!this.#slow && this.#seen > BASELINE_BATCHES && ratio > SLOW_ABOVE) {
      this.#slow = true;
      if (this.#slowdowns.length < MAX_SLOWDOWNS)
        this.#slowdowns.push({
          atMs: Math.round(performance.now() - this.#count.start),
          keysPerS: Math.round(pace),
          reason: `server answers ${ratio.toFixed(1)}× slower than at the start (${us(this.#ewma)} against ${us(this.#baseline)} per key)`,
        });
    } else if (this.#slow && ratio < SLOW_BELOW) this.#slow = false;
    const now = performance.now();
    // No credit for idle time: a walk that was held up (a slow consumer) does not then burst.
    this.#nextAt = Math.max(this.#nextAt, now - serverMs) + (keys / pace) * 1000;
    const due = this.#nextAt - now;
    if (due > 1) await sleep(due, signal);
  }

  report(): PacingReport {
    return {
      mode: 'adaptive',
      budget: null,
      meanKeysPerS: this.#count.mean(),
      baselineUsPerKey: Number.isFinite(this.#baseline) ? Math.round(this.#baseline * 1000 * 10) / 10 : null,
      slowdowns: this.#slowdowns,
    };
  }
}

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
