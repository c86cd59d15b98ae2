import type { Bucket } from './types.js';

const M = 60;
const H = 3600;
const D = 86_400;

/** Bucket edges (upper bounds, exclusive); RedisInsight's TTL groups extended to idle and age. */
export const EDGES = {
  ttl: [
    [H, '<1h'],
    [4 * H, '1–4h'],
    [12 * H, '4–12h'],
    [D, '12–24h'],
    [7 * D, '1–7d'],
    [30 * D, '7–30d'],
    [Infinity, '>30d'],
  ],
  idle: [
    [M, '<1m'],
    [5 * M, '1–5m'],
    [H, '5m–1h'],
    [D, '1–24h'],
    [7 * D, '1–7d'],
    [30 * D, '7–30d'],
    [Infinity, '>30d'],
  ],
  age: [
    [M, '<1m'],
    [5 * M, '1–5m'],
    [H, '5m–1h'],
    [D, '1–24h'],
    [7 * D, '1–7d'],
    [30 * D, '7–30d'],
    [Infinity, '>30d'],
  ],
  size: [
    [128, '<128B'],
    [512, '128–512B'],
    [2048, '0.5–2K'],
    [8192, '2–8K'],
    [32768, '8–32K'],
    [Infinity, '≥32K'],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [number, string]>>;

export type HistogramKind = keyof typeof EDGES;

/** A fixed-bucket counter: O(1) memory whatever the keyspace. `null` values go to an extra leading bucket (no TTL / unknown). */
export class Histogram {
  readonly #edges: ReadonlyArray<readonly [number, string]>;
  /** The edges' upper bounds alone: add() runs four times per scanned key. */
  readonly #bounds: Float64Array;
  readonly #counts: number[];
  #none = 0;

  constructor(
    readonly kind: HistogramKind,
    readonly noneLabel = 'none',
  ) {
    this.#edges = EDGES[kind];
    this.#bounds = Float64Array.from(this.#edges, ([upTo]) => upTo);
    this.#counts = new Array(this.#edges.length).fill(0);
  }

  add(v: number | null | undefined): void {
    if (v === null || v === undefined) {
      this.#none++;
      return;
    }
    const bounds = this.#bounds;
    let i = 0;
    while (v >= bounds[i]!) i++;
    this.#counts[i]!++;
  }

  buckets(): Bucket[] {
    const out: Bucket[] = this.#none ? [{ label: this.noneLabel, upTo: null, count: this.#none }] : [];
    this.#edges.forEach(([upTo, label], i) =>
      out.push({ label, upTo: upTo === Infinity ? null : upTo, count: this.#counts[i]! }),
    );
    return out;
  }
}
