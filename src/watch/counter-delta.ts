import type { NodeCounters } from '../stores/counters.js';

export interface CounterDelta {
  /** Keys now, over the nodes that answered. */
  keys: number;
  /** New keys in the interval: Δkeys + expired + evicted (+ deleted where counted). */
  created: number;
  expired: number;
  evicted: number;
  deleted: number | null;
  /** Nodes whose counters could not be subtracted this time (first read, or restarted). */
  unpaired: Array<{ node: string; why: 'new' | 'restarted' }>;
}

/**
 * What happened between two counter reads. A key that exists now and did not before was created,
 * and every key that left was expired, evicted or deleted, so created = Δkeys + expired + evicted
 * + deleted. Redis does not count deleted keys (only DEL calls), so there a delete hides one
 * creation: the figure is a lower bound when clients delete. A node that restarted (new run id /
 * pid) or is seen first has no pair: it adds its keys but no events.
 */
export function counterDelta(before: readonly NodeCounters[], now: readonly NodeCounters[]): CounterDelta {
  const prev = new Map(before.map((c) => [c.node, c]));
  const out: CounterDelta = { keys: 0, created: 0, expired: 0, evicted: 0, deleted: null, unpaired: [] };
  for (const c of now) {
    out.keys += c.keys;
    const p = prev.get(c.node);
    if (!p || p.startId !== c.startId) {
      out.unpaired.push({ node: c.node, why: p ? 'restarted' : 'new' });
      continue;
    }
    const expired = Math.max(0, c.expired - p.expired);
    const evicted = Math.max(0, c.evicted - p.evicted);
    const deleted = c.deleted !== undefined && p.deleted !== undefined ? Math.max(0, c.deleted - p.deleted) : undefined;
    out.expired += expired;
    out.evicted += evicted;
    if (deleted !== undefined) out.deleted = (out.deleted ?? 0) + deleted;
    out.created += Math.max(0, c.keys - p.keys + expired + evicted + (deleted ?? 0));
  }
  return out;
}
