import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../check/check-report.js';
import { renderCheckSummary } from './check-summary.js';

describe('renderCheckSummary', () => {
  it('marks each row by what its own item does: a finding below failOn is "not gating", never a pass beside its severity', () => {
    const report = {
      failOn: 'medium',
      summary: { exitCode: 1, targets: 1, findings: 2, failing: 1, incomplete: 0 },
      targets: [
        {
          name: 'api',
          kind: 'probe',
          complete: true,
          items: [
            {
              id: 'SESS-PREFLIGHT-MINT',
              status: 'fail',
              severity: 'medium',
              title: 't',
              message: 'a preflight stored a session',
              failing: true,
              fix: 'Mount cors() first.',
              docs: 'https://x/checks.md#sess-preflight-mint',
            },
            {
              id: 'COOKIE-SAMESITE-MISSING',
              status: 'fail',
              severity: 'low',
              title: 't',
              message: 'no SameSite',
              failing: false,
            },
            { id: 'SESS-TTL', status: 'pass', title: 't', message: 'expired', failing: false },
          ],
        },
      ],
    } as unknown as CheckReport;
    const md = renderCheckSummary(report);
    expect(md).toContain('### ❌ sessctl check: failed');
    expect(md).toMatch(
      /^\| api \| probe \| ❌ fail \| `SESS-PREFLIGHT-MINT` \| medium \| a preflight stored a session\. Fix: Mount cors\(\) first\. \(\[docs\]\(https:\/\/x\/checks\.md#sess-preflight-mint\)\) \|$/m,
    );
    expect(md).toMatch(
      /^\| api \| probe \| • not gating \| `COOKIE-SAMESITE-MISSING` \| low \| no SameSite \(below failOn\) \|$/m,
    );
    expect(md).not.toContain('SESS-TTL');
    expect(md).not.toMatch(/✅ pass \| `COOKIE/);
  });
});
