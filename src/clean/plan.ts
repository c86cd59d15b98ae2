import type { ClassifiedRecord } from '../scan/types.js';
import type { Candidate, CleanableClass, CleanGroup, CleanPolicy } from './types.js';

/**
 * The pure half of clean: one classified record and the policy in, the action out (or nothing).
 * A key goes when it has a selected class and is at least `minAge` old (the larger of its age and
 * its idle time, as the scan's orphan rule has it). Keys the scan did not recognise as a
 * framework's session are only eligible when `--match` named their keyspace, and so are the keys of
 * a custom layer the scan only detected (a declared `--layout` names its keys). With `--fix-ttl`,
 * a selected key without TTL gets an expiry instead of being deleted.
 *
 * @example
 * const c = planRecord(classified, { classes: ['empty'], minAgeMs: 300_000, matched: false });
 * if (c) batch.push(c);
 */
export function planRecord(item: ClassifiedRecord, policy: CleanPolicy): Candidate | undefined {
  const { record } = item;
  if (record.classes.includes('live')) return undefined;
  if (!policy.matched && (record.framework === 'unknown' || record.evidence.layout?.source === 'detected'))
    return undefined;
  const why = policy.classes.filter((c) => record.classes.includes(c));
  if (!why.length) return undefined;
  const oldEnough = Math.max(record.ageS ?? 0, record.idleS ?? 0) * 1000 >= policy.minAgeMs;
  if (!oldEnough) return undefined;
  if (policy.fixTtlMs !== undefined && record.ttlMs === null)
    return { ...item, action: 'fix-ttl', why, fixTtlMs: policy.fixTtlMs };
  return { ...item, action: 'delete', why };
}

/** The selected classes with `no-ttl` added when `--fix-ttl` is given (fixing implies selecting). */
export function effectiveClasses(classes: CleanableClass[], fixTtlMs: number | undefined): CleanableClass[] {
  return fixTtlMs !== undefined && !classes.includes('no-ttl') ? [...classes, 'no-ttl'] : classes;
}

/** Counts and bytes per prefix × class × action; a key counts once, under its first selecting class. */
export class PlanTally {
  readonly #groups = new Map<string, CleanGroup>();
  count = 0;
  bytes = 0;

  add(c: Candidate): void {
    const cls = c.why[0]!;
    const id = `${c.record.prefix}\u0000${cls}\u0000${c.action}`;
    let g = this.#groups.get(id);
    if (!g) this.#groups.set(id, (g = { prefix: c.record.prefix, class: cls, action: c.action, count: 0, bytes: 0 }));
    g.count++;
    g.bytes += c.record.bytes;
    this.count++;
    this.bytes += c.record.bytes;
  }

  groups(): CleanGroup[] {
    return [...this.#groups.values()].sort(
      (a, b) => b.count - a.count || a.prefix.localeCompare(b.prefix) || a.class.localeCompare(b.class),
    );
  }
}
