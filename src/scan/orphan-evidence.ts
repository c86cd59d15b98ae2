import type { ClassCount, ClassId, PrefixReport, SignalStatement } from './types.js';

/**
 * Whether a prefix's orphans can be counted at all (the `orphanEvidence` of sessctl-scan/1). They
 * can when never-read is provable (a creation time in the payload and trusted idle times), or when
 * every session's payload decides it by itself: empty is an orphan, a user identity is in use.
 * Sessions holding anonymous data without that proof (Django's visit flags, a custom layer that
 * rewrites every session on each request) could be either, so the prefix is `unprovable`.
 */
export function orphanEvidence(
  p: { sessions: number; classes: Partial<Record<ClassId, ClassCount>> },
  signals: readonly SignalStatement[],
): PrefixReport['orphanEvidence'] {
  if (!p.sessions) return 'unprovable';
  const holds = (signal: SignalStatement['signal']) => signals.some((s) => s.signal === signal && s.holds);
  if (holds('never-read')) return 'provable';
  return holds('payload') && !p.classes.anonymous?.count ? 'provable' : 'unprovable';
}
