import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../test/harness/prng.js';
import { TtlInference } from './ttl-inference.js';

/** The inference as it was before runs were counted apart: one map update and five reads per key. */
class Reference {
  readonly counts = new Map<number, number>();
  best: number | undefined;
  bestCount = 0;

  add(ttlMs: number | null | undefined, idleS: number | undefined): void {
    if (ttlMs === null || ttlMs === undefined || idleS === undefined || ttlMs < 0) return;
    const sum = Math.round(ttlMs / 1000 + idleS);
    const n = (this.counts.get(sum) ?? 0) + 1;
    if (n === 1 && this.counts.size >= 4096) return;
    this.counts.set(sum, n);
    const at = (k: number) => this.counts.get(k) ?? 0;
    this.consider(sum, at(sum - 1) + n + at(sum + 1));
    this.consider(sum - 1, at(sum - 2) + at(sum - 1) + n);
    this.consider(sum + 1, n + at(sum + 1) + at(sum + 2));
  }

  consider(centre: number, n: number): void {
    if (n > this.bestCount || (n === this.bestCount && centre === this.best)) {
      this.best = centre;
      this.bestCount = n;
    }
  }
}

describe('TtlInference', () => {
  it('infers what one map update per key did, over runs, neighbours, gaps and a full map', () => {
    const rand = mulberry32(18);
    for (let trial = 0; trial < 60; trial++) {
      const ttl = new TtlInference();
      const ref = new Reference();
      // the fourth kind of trial sees more distinct sums than the map keeps
      const full = trial % 4 === 3;
      const spread = full ? 1_000_000 : [3, 10, 6000][trial % 4]!;
      let sum = 86_400;
      for (let i = 0; i < (full ? 12_000 : 3000); i++) {
        if (rand() < (full ? 0.7 : 0.3)) sum = 86_400 + Math.floor(rand() * spread) - (spread >> 1);
        // once the map is full, a new sum is not counted however often it comes
        if (full && i >= 10_000) sum = 5_000_000;
        const r = rand();
        const ttlMs =
          r < 0.02 ? null : r < 0.03 ? undefined : r < 0.04 ? -2 : (sum - 7) * 1000 + Math.floor(rand() * 999);
        const idleS = r > 0.98 ? undefined : 7;
        ttl.add(ttlMs, idleS);
        ref.add(ttlMs, idleS);
        if (ttl.initialTtlS !== (ref.bestCount >= 3 ? ref.best : undefined) || ttl.support !== ref.bestCount)
          expect({ trial, i, inferred: ttl.initialTtlS, support: ttl.support }).toEqual({
            trial,
            i,
            inferred: ref.best,
            support: ref.bestCount,
          });
      }
    }
  }, 30_000);
});
