import type { SessionMeaning } from '../frameworks/types.js';
import type { ClassId, Evidence } from './types.js';

/** Idle time has 1 s resolution (Redis LRU clock, memcached `la`); a write lags creation by ms. */
const IDLE_TOLERANCE_S = 1.5;
/** PTTL + idle within this of the initial TTL: not read since the last write. */
const TTL_TOLERANCE_S = 2;

export interface ClassifyInput {
  nowMs: number;
  ttlMs: number | null | undefined;
  idleS: number | undefined;
  /** Idle/fetch figures can be trusted (store.idleTrust.usable). */
  idleUsable: boolean;
  fetched?: boolean;
  /** Undefined when payloads were not read. */
  meaning?: SessionMeaning;
  /** Initial TTL inferred for the key's prefix. */
  initialTtlS?: number;
  minAgeS: number;
  staleS: number;
}

export interface Classification {
  classes: ClassId[];
  ageS: number | undefined;
  orphan: boolean;
  evidence: Evidence;
}

/**
 * The design's signal table as a pure function. `never-read` needs proof of both halves: nothing
 * touched the key since it was written (idle ≈ age, and memcached fetch=no) and that write was its
 * creation (a creation time in the payload). A framework that rewrites on every request can prove
 * neither; its keys are judged by idle time alone (`stale`).
 */
export function classify(input: ClassifyInput): Classification {
  const { meaning, ttlMs, idleS, nowMs } = input;
  const classes: ClassId[] = [];
  const evidence: Evidence = {};
  const ttlS = ttlMs === null || ttlMs === undefined ? undefined : ttlMs / 1000;

  let ageS: number | undefined;
  // A payload timestamp that a rewrite moves (express `expires − originalMaxAge` under rolling) dates
  // the last write, not creation, when the framework rewrites on every request.
  const creationKnown =
    meaning?.createdAt !== undefined && (!meaning.rewritesOnRequest || meaning.createdAtKind === 'exact');
  if (creationKnown && meaning?.createdAt !== undefined) {
    ageS = Math.max(0, (nowMs - meaning.createdAt) / 1000);
    evidence.ageFrom = 'payload';
    evidence.createdAt = meaning.createdAt;
  } else if (input.initialTtlS !== undefined && ttlS !== undefined && !meaning?.rewritesOnRequest) {
    ageS = Math.max(0, input.initialTtlS - ttlS);
    evidence.ageFrom = 'ttl';
  }
  if (input.initialTtlS !== undefined) evidence.initialTtlS = input.initialTtlS;
  if (ttlS !== undefined && idleS !== undefined) evidence.ttlPlusIdle = Math.round(ttlS + idleS);
  if (input.fetched !== undefined) evidence.fetched = input.fetched;
  if (meaning?.rewritesOnRequest) evidence.rewritesOnRequest = true;

  const untouchedSinceCreation =
    evidence.ageFrom === 'payload' &&
    input.idleUsable &&
    idleS !== undefined &&
    ageS !== undefined &&
    idleS + IDLE_TOLERANCE_S >= ageS;
  const notReadSinceWrite =
    input.fetched === false ||
    (input.fetched === undefined &&
      input.initialTtlS !== undefined &&
      evidence.ttlPlusIdle !== undefined &&
      Math.abs(evidence.ttlPlusIdle - input.initialTtlS) <= TTL_TOLERANCE_S) ||
    untouchedSinceCreation;
  // A framework that records every access in the payload proves never-read by itself, even though
  // it rewrites the session on every request (Spring Session: lastAccessedTime == creationTime).
  const payloadNeverRead =
    meaning?.createdAtKind === 'exact' &&
    meaning.createdAt !== undefined &&
    meaning.lastAccessedAt !== undefined &&
    meaning.lastAccessedAt <= meaning.createdAt;
  if (payloadNeverRead) evidence.neverReadFrom = 'payload';
  // what orphan asks of the classes, kept as they are pushed rather than searched for after
  let neverReadOrEmpty = false;
  if ((payloadNeverRead || (untouchedSinceCreation && notReadSinceWrite)) && input.fetched !== true) {
    classes.push('never-read');
    neverReadOrEmpty = true;
  }

  if (meaning) {
    if (!meaning.decoded) {
      classes.push('undecodable');
      if (meaning.reason) evidence.reason = meaning.reason;
    } else if (meaning.empty) {
      classes.push('empty');
      neverReadOrEmpty = true;
    } else if (meaning.anonymous) classes.push('anonymous');
    if (meaning.userKeys.length) evidence.userKeys = meaning.userKeys;
  }
  if (ttlMs === null) classes.push('no-ttl');
  if (input.idleUsable && idleS !== undefined && idleS > input.staleS) classes.push('stale');
  if (classes.length === 0) classes.push('live');

  // Age is at least the idle time, whatever else is known.
  const ageLowerBound = Math.max(ageS ?? 0, idleS ?? 0);
  const orphan = neverReadOrEmpty && ageLowerBound >= input.minAgeS;
  return { classes, ageS, orphan, evidence };
}
