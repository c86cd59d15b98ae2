import { severityRank, type Severity } from '../severity.js';
import { scanFix } from './finding-fix.js';
import type { PrefixReport, ScanFinding, ScanReport } from './types.js';

/**
 * Findings from a finished scan. Thresholds (documented in docs/scan.md):
 * - SCAN-ORPHANS per prefix: orphans ≥ 50 % of its sessions → high, ≥ 10 % → medium, any → low.
 * - SCAN-NO-TTL per prefix: sessions that never expire → medium (they pile up forever).
 * - SCAN-STALE per prefix: idle longer than --stale → low.
 * - SCAN-UNDECODABLE per prefix: payloads nothing could decode → info.
 * - SCAN-IDLE-UNTRUSTED: idle times unusable on this store → info.
 * A custom layer detected with low confidence (ids under a name that does not say session, e.g. an
 * app's `user:<uuid>` records) yields at most `low`: a guess never fails a run at the default --fail-on.
 */
export function scanFindings(report: Omit<ScanReport, 'findings'>): ScanFinding[] {
  const out: ScanFinding[] = [];
  if (!report.store.idleTrust.usable)
    out.push({ id: 'SCAN-IDLE-UNTRUSTED', severity: 'info', ...scanFix('SCAN-IDLE-UNTRUSTED') });
  for (const p of report.prefixes) {
    if (!p.sessions) continue;
    const share = (n: number) => Math.round((n / p.sessions) * 1000) / 1000;
    const guess = p.layout?.source === 'detected' && p.layout.confidence === 'low';
    const cap = (s: Severity): Severity => (guess && severityRank(s) > severityRank('low') ? 'low' : s);
    if (p.orphans.count) {
      const s = share(p.orphans.count);
      const severity: Severity = s >= 0.5 ? 'high' : s >= 0.1 ? 'medium' : 'low';
      out.push({
        id: 'SCAN-ORPHANS',
        severity: cap(severity),
        prefix: p.prefix,
        count: p.orphans.count,
        share: s,
        bytes: p.orphans.bytes,
        ...scanFix('SCAN-ORPHANS', p.framework),
      });
    }
    push(out, p, 'no-ttl', 'SCAN-NO-TTL', cap('medium'), share);
    push(out, p, 'stale', 'SCAN-STALE', 'low', share);
    push(out, p, 'undecodable', 'SCAN-UNDECODABLE', 'info', share);
  }
  return out;
}

function push(
  out: ScanFinding[],
  p: PrefixReport,
  cls: 'no-ttl' | 'stale' | 'undecodable',
  id: ScanFinding['id'],
  severity: Severity,
  share: (n: number) => number,
): void {
  const c = p.classes[cls];
  if (c?.count)
    out.push({
      id,
      severity,
      prefix: p.prefix,
      count: c.count,
      share: share(c.count),
      bytes: c.bytes,
      ...scanFix(id, p.framework),
    });
}
