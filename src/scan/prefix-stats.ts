import type { FormatId } from '../formats/types.js';
import type { FrameworkId } from '../frameworks/types.js';
import { ownCopy } from '../formats/text.js';
import { Histogram } from './histogram.js';
import type { LayerDetection } from './layer-detection.js';
import { orphanEvidence } from './orphan-evidence.js';
import { TtlInference } from './ttl-inference.js';
import {
  CLASS_IDS,
  classIndex,
  type ClassCount,
  type ClassId,
  type LayoutEvidence,
  type PrefixReport,
  type ScanRecord,
} from './types.js';

const MAX_EXAMPLES = 5;
/** Never-read or empty: with an age under --min-age, `young`. */
const YOUNG = (1 << classIndex('never-read')) | (1 << classIndex('empty'));

/** Everything the report keeps about one prefix: counters and fixed-size histograms, never the keys. */
export class PrefixStats {
  count = 0;
  sessions = 0;
  bytes = 0;
  readonly classes: Partial<Record<ClassId, ClassCount>> = {};
  readonly orphans: ClassCount = { count: 0, bytes: 0 };
  /** Never-read or empty, but younger than --min-age: not orphans yet, and not proof of health either. */
  young = 0;
  readonly ttl = new TtlInference();
  readonly histograms = {
    ttl: new Histogram('ttl', 'no TTL'),
    idle: new Histogram('idle', 'unknown'),
    age: new Histogram('age', 'unknown'),
    size: new Histogram('size'),
  };
  readonly frameworks = new Tally<FrameworkId>();
  readonly formats = new Tally<FormatId | 'unknown'>();
  readonly examples: Array<{ key: string; classes: ClassId[] }> = [];
  readonly #exampleKinds = new Uint8Array(1 << CLASS_IDS.length);
  /** this.classes' entries by classIndex. */
  readonly #classCounts: Array<ClassCount | undefined> = new Array<ClassCount | undefined>(CLASS_IDS.length).fill(
    undefined,
  );
  /** Facts for the signal statements. */
  withIdle = 0;
  withTtl = 0;
  withCreatedAt = 0;
  withFetchFlag = 0;
  rewritesOnRequest = 0;
  payloadsRead = 0;
  /** Custom-layer detection for keys no framework claims; undefined where it does not apply. */
  detection: LayerDetection | undefined;
  /** The layouts its generic sessions followed (records share one evidence object per layout). */
  readonly #layouts = new Set<LayoutEvidence>();

  constructor(readonly prefix: string) {}

  /**
   * Counts one record. `key` is what an example shows, after `display` when one is given: the
   * caller redacts only the few keys that become examples.
   */
  add(r: ScanRecord, sawPayload: boolean, key: string, display?: (key: string, prefix: string) => string): void {
    this.count++;
    this.bytes += r.bytes;
    this.frameworks.add(r.framework);
    this.formats.add(r.format);
    // Classes and histograms describe sessions; other keys under the prefix are only counted.
    if (r.framework === 'unknown') return;
    this.sessions++;
    // The classes as a bit set, read once: `young` and the examples ask about them for every key.
    let kind = 0;
    for (const c of r.classes) {
      const at = classIndex(c);
      let cc = this.#classCounts[at];
      // the report lists a prefix's classes in the order they were first seen
      if (cc === undefined) this.#classCounts[at] = cc = this.classes[c] = { count: 0, bytes: 0 };
      cc.count++;
      cc.bytes += r.bytes;
      kind |= 1 << at;
    }
    if (r.orphan) {
      this.orphans.count++;
      this.orphans.bytes += r.bytes;
    } else if (kind & YOUNG) this.young++;
    this.histograms.ttl.add(r.ttlMs === null ? null : r.ttlMs / 1000);
    this.histograms.idle.add(r.idleS);
    this.histograms.age.add(r.ageS);
    this.histograms.size.add(r.bytes);
    if (r.idleS !== null) this.withIdle++;
    if (r.ttlMs !== null) this.withTtl++;
    if (r.evidence.ageFrom === 'payload') this.withCreatedAt++;
    if (r.evidence.fetched !== undefined) this.withFetchFlag++;
    if (r.evidence.rewritesOnRequest) this.rewritesOnRequest++;
    if (sawPayload) this.payloadsRead++;
    if (r.evidence.layout) this.#layouts.add(r.evidence.layout);
    if (this.examples.length >= MAX_EXAMPLES) return;
    // A prefix with fewer than five kinds asks this for every key: a flag per bit set, not a joined string.
    if (this.#exampleKinds[kind] === 0) {
      this.#exampleKinds[kind] = 1;
      // display() may return the key itself (--show-keys): a slice that would pin its segment's text.
      this.examples.push({ key: ownCopy(display ? display(key, this.prefix) : key), classes: r.classes });
    }
  }

  top<T>(tally: Tally<T>, fallback: T): T {
    // A recognised framework or format wins over 'unknown' whatever the counts.
    let best = fallback;
    let n = 0;
    for (const [k, v] of tally.counts()) if (k !== 'unknown' && v > n) [best, n] = [k, v];
    return best;
  }

  report(signals: PrefixReport['signals']): PrefixReport {
    return {
      prefix: this.prefix,
      framework: this.top(this.frameworks, 'unknown' as FrameworkId),
      format: this.top(this.formats, 'unknown' as FormatId | 'unknown'),
      count: this.count,
      sessions: this.sessions,
      bytes: this.bytes,
      classes: this.classes,
      orphans: this.orphans,
      young: this.young,
      initialTtlS: this.ttl.initialTtlS ?? null,
      signals,
      histograms: {
        ttl: this.histograms.ttl.buckets(),
        idle: this.histograms.idle.buckets(),
        age: this.histograms.age.buckets(),
        size: this.histograms.size.buckets(),
      },
      examples: this.examples,
      orphanEvidence: orphanEvidence(this, signals),
      ...(this.#layouts.size ? { layout: this.#layoutSummary() } : {}),
    };
  }

  /** Declared wins over detected (clean may act on it); the weakest confidence of what was seen. */
  #layoutSummary(): NonNullable<PrefixReport['layout']> {
    const all = [...this.#layouts];
    const declared = all.filter((l) => l.source === 'declared');
    const shown = declared.length ? declared : all;
    const rank = { high: 2, medium: 1, low: 0 } as const;
    const confidence = shown.reduce<LayoutEvidence['confidence']>(
      (c, l) => (rank[l.confidence] < rank[c] ? l.confidence : c),
      'high',
    );
    return {
      source: declared.length ? 'declared' : 'detected',
      templates: [...new Set(all.map((l) => l.template))],
      confidence,
    };
  }
}

/**
 * Counts per value, in order of first appearance. A prefix's keys nearly always repeat the last
 * value (one framework, one format), so a run is counted in a field and reaches the map when it ends.
 */
export class Tally<T> {
  readonly #counts = new Map<T, number>();
  #last: T | undefined;
  #run = 0;

  add(v: T): void {
    if (this.#run > 0 && v === this.#last) {
      this.#run++;
      return;
    }
    this.#flush();
    this.#last = v;
    this.#run = 1;
  }

  counts(): ReadonlyMap<T, number> {
    this.#flush();
    return this.#counts;
  }

  #flush(): void {
    if (this.#run === 0) return;
    this.#counts.set(this.#last as T, (this.#counts.get(this.#last as T) ?? 0) + this.#run);
    this.#run = 0;
  }
}
