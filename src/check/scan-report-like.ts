/**
 * The part of a `sessctl-scan/1` report (DESIGN.md "Scan report") that thresholds read. Structural,
 * so check depends on the contract, not on the scan's internals.
 */
export interface ScanReportLike {
  schema: 'sessctl-scan/1';
  complete: boolean;
  totals: { keys: number; sessions: number; bytes: number };
  classes: Partial<Record<string, { count: number; bytes: number }>>;
}
