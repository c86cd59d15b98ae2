import { isRecord } from '../frameworks/classify-record.js';
import { isIdShaped, namesSession } from '../frameworks/id-shape.js';
import type { SessionMeaning } from '../frameworks/types.js';
import type { ClassifiedRecord, LayoutEvidence } from './types.js';

/** Detection judges a prefix on this many keys no framework claimed: fewer is too little to tell a custom layer from an app's records. */
export const DETECT_MIN_KEYS = 10;
/** Share of those keys that must look like sessions (an object under an id-shaped suffix, or under a prefix naming sessions). */
export const DETECT_MIN_SHARE = 0.8;

/** A key held back until its prefix is judged, so that its ndjson record says what the summary will. */
export interface HeldRecord {
  item: ClassifiedRecord;
  /** The key as examples show it before redaction. */
  key: string;
  payload: boolean;
  candidate: boolean;
}

/**
 * Recognises a custom session layer under one prefix without being told (the second seed's
 * `session_<uuid>` holding `{"identifier": …}`): the first DETECT_MIN_KEYS keys no framework
 * claimed decide, once, for the whole scan. Until then they are held (bounded: at most that many
 * per prefix); after, each key costs one shape check. A prefix that never reaches the count is
 * not detected, unless `--match` pointed at it.
 */
export class LayerDetection {
  state: 'pending' | 'detected' | 'rejected' = 'pending';
  /** Set once detected; shared by every record of the prefix. */
  evidence: LayoutEvidence | undefined;
  held: HeldRecord[] = [];
  readonly #names: boolean;
  readonly #separator: string;
  #candidates = 0;
  #idShaped = 0;

  constructor(readonly prefix: string) {
    this.#names = namesSession(prefix);
    this.#separator = prefix.slice(-1);
  }

  /** A prefix the scan derived from keys (`app:`, `session_`); not `''` or a folded row. */
  static eligible(prefix: string): boolean {
    return prefix.endsWith(':') || prefix.endsWith('_');
  }

  /** Whether one key looks like a session of this layer: a decoded object, and an id-shaped last segment or a prefix that names sessions. */
  candidate(key: string, meaning: SessionMeaning | undefined): boolean {
    if (!meaning?.decoded || !isRecord(meaning.value)) return false;
    return this.#names || this.#idShapedKey(key);
  }

  /** Holds one key while pending; returns true when this key decided the prefix (the held keys are then due). */
  hold(h: HeldRecord): boolean {
    this.held.push(h);
    if (h.candidate) this.#candidates++;
    if (this.#idShapedKey(h.key)) this.#idShaped++;
    if (this.held.length < DETECT_MIN_KEYS) return false;
    this.#decide();
    return true;
  }

  /**
   * The walk ended with the prefix still pending. Too few keys to tell, unless the user pointed at
   * them (`--match`): then what was seen decides.
   */
  finish(pointedAt: boolean): void {
    if (pointedAt && this.held.length) this.#decide();
    else this.state = 'rejected';
  }

  #decide(): void {
    const n = this.held.length;
    if (this.#candidates / n >= DETECT_MIN_SHARE) {
      this.state = 'detected';
      // Both signs agree: medium. One alone (ids under any name, or a session name over any keys): low.
      const confidence = this.#names && this.#idShaped / n >= DETECT_MIN_SHARE ? 'medium' : 'low';
      const evidence: LayoutEvidence = { source: 'detected', template: `${this.prefix}{id}`, confidence };
      this.evidence = Object.freeze(evidence);
    } else this.state = 'rejected';
  }

  /** Hands the held keys over, once. */
  release(): HeldRecord[] {
    const out = this.held;
    this.held = [];
    return out;
  }

  /** The id is what follows the prefix; under a folded prefix (`cart:*:`), what follows the last separator. */
  #idShapedKey(key: string): boolean {
    return isIdShaped(key, key.startsWith(this.prefix) ? this.prefix.length : key.lastIndexOf(this.#separator) + 1);
  }
}
