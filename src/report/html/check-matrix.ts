import type { CheckItem, CheckReport } from '../../check/check-report.js';

export interface CheckMatrix {
  /** Every item id, in the order the targets first name them. */
  ids: string[];
  targets: Array<{ name: string; kind: 'probe' | 'scan' }>;
  /** `cells[row][column]`: the item of `ids[row]` in `targets[column]`, undefined where the target has none. */
  cells: Array<Array<CheckItem | undefined>>;
}

/** The targets × items matrix of a check run: a probe's checks and a scan's thresholds share one grid. */
export function checkMatrix(report: CheckReport): CheckMatrix {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const t of report.targets)
    for (const i of t.items)
      if (!seen.has(i.id)) {
        seen.add(i.id);
        ids.push(i.id);
      }
  const byTarget = report.targets.map((t) => new Map(t.items.map((i) => [i.id, i])));
  return {
    ids,
    targets: report.targets.map((t) => ({ name: t.name, kind: t.kind })),
    cells: ids.map((id) => byTarget.map((m) => m.get(id))),
  };
}
