import { interpret } from '../frameworks/interpret.js';
import { keyMatches } from '../frameworks/key-match.js';
import { classify } from '../scan/classify.js';
import { prefixOf } from '../scan/prefix.js';
import { TtlInference } from '../scan/ttl-inference.js';
import type { RawRecord } from '../stores/types.js';
import { OTHER_PREFIX } from './types.js';

/** What the sample learns from one key, without its name or payload. */
export interface Observation {
  prefix: string;
  framework: string;
  /** Created within the newest window, by its age (initial TTL − remaining TTL, or a payload timestamp). */
  newest: boolean;
  /** Created within about one interval (age ≤ interval + the 1.5 s resolution of ages). */
  recent: boolean;
  /** Will expire within the newest window: the prefix's share of the coming expirations. */
  expiring: boolean;
  /** Payload read and decoded: is it empty? undefined when not read. */
  empty: boolean | undefined;
  /** Not read since written (PTTL + idle = initial TTL, or memcached fetch=no); undefined when unknown. */
  neverRead: boolean | undefined;
}

/** Idle time has 1 s resolution and a write lags creation by ms (scan/classify.ts uses the same). */
const TTL_TOLERANCE_S = 2;
/** Ages come from a TTL learnt to the second and idle clocks of 1 s resolution. */
const AGE_RESOLUTION_S = 1.5;
/** Distinct prefixes held; past it keys fold into OTHER_PREFIX, so a keyspace of odd keys cannot grow memory. */
const MAX_PREFIXES = 500;

/**
 * Turns sampled keys into observations, learning each prefix's initial TTL as the scan does
 * (scan/ttl-inference.ts). Every prefix is named, sessions or not (a minting prefix may be one no
 * framework claims, or whose payloads cannot be read without touching), up to MAX_PREFIXES.
 */
export class Observer {
  readonly #ttl = new Map<string, TtlInference>();

  constructor(
    readonly newestS: number,
    readonly intervalS: number,
    readonly store: 'redis' | 'memcached' | 'memory',
    readonly idleUsable: boolean,
  ) {}

  observe(rec: RawRecord, nowMs: number): Observation {
    const key = rec.key.toString('utf8');
    const payload = rec.value !== undefined || rec.hash !== undefined;
    const meaning = payload
      ? interpret({ key, bytes: rec.value, hash: rec.hash, flags: rec.flags, store: this.store })
      : undefined;
    const framework = meaning ? meaning.framework : (keyMatches(key)[0]?.framework.id ?? 'unknown');
    let prefix = prefixOf(key);
    let ttl = this.#ttl.get(prefix);
    if (!ttl) {
      if (this.#ttl.size >= MAX_PREFIXES) prefix = OTHER_PREFIX;
      ttl = this.#ttl.get(prefix);
      if (!ttl) this.#ttl.set(prefix, (ttl = new TtlInference()));
    }
    ttl.add(rec.ttlMs, rec.idleS);
    const initialTtlS = ttl?.initialTtlS;
    const c = classify({
      nowMs,
      ttlMs: rec.ttlMs,
      idleS: rec.idleS,
      idleUsable: this.idleUsable,
      fetched: rec.fetched,
      meaning,
      initialTtlS,
      minAgeS: 0,
      staleS: Number.POSITIVE_INFINITY,
    });
    // Without an age (no TTL, or a TTL not yet learned) a key touched within the window may be new:
    // idle time bounds age from below only, so this over-counts keys that were read recently.
    const ageS = c.ageS ?? (this.idleUsable ? rec.idleS : undefined);
    const ttlS = typeof rec.ttlMs === 'number' ? rec.ttlMs / 1000 : undefined;
    let neverRead: boolean | undefined;
    if (rec.fetched !== undefined) neverRead = !rec.fetched;
    else if (c.classes.includes('never-read')) neverRead = true;
    else if (initialTtlS !== undefined && ttlS !== undefined && rec.idleS !== undefined && this.idleUsable)
      neverRead = Math.abs(ttlS + rec.idleS - initialTtlS) <= TTL_TOLERANCE_S;
    return {
      prefix,
      framework,
      newest: ageS !== undefined && ageS <= this.newestS,
      recent: ageS !== undefined && ageS <= this.intervalS + AGE_RESOLUTION_S,
      expiring: ttlS !== undefined && ttlS <= this.newestS,
      empty: meaning?.decoded ? meaning.empty : undefined,
      neverRead,
    };
  }
}
