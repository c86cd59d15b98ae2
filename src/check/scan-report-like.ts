import type { Severity } from '../severity.js';

/**
 * The part of a `sessctl-scan/1` report (DESIGN.md "Scan report") that check reads. Structural,
 * so check depends on the contract, not on the scan's internals.
 */
export interface ScanReportLike {
  schema: 'sessctl-scan/1';
  complete: boolean;
  totals: { keys: number; sessions: number; bytes: number; orphans?: { count: number; bytes: number } };
  classes: Partial<Record<string, { count: number; bytes: number }>>;
  findings?: Array<{
    id: string;
    severity: Severity;
    prefix?: string;
    count?: number;
    share?: number;
    bytes?: number;
    fix?: string;
    docs?: string;
  }>;
  /** Why the report is incomplete. */
  problems?: string[];
  /** Per prefix: where `orphanEvidence` is `unprovable`, the orphan counts are a lower bound. */
  prefixes?: Array<{ prefix: string; sessions: number; orphanEvidence?: 'provable' | 'unprovable' }>;
}
