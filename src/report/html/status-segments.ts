/** Check statuses in the order a stacked bar shows them: what failed first, what was not decided last. */
export const STATUSES = ['fail', 'error', 'unknown', 'skip', 'pass'] as const;
export type Status = (typeof STATUSES)[number];

export interface StatusSegment {
  status: Status;
  count: number;
  /** Of all the statuses counted: 0–1; the segments of one bar add up to 1. */
  share: number;
}

/** How many checks (or check items) ended in each status; statuses nobody ended in are left out. */
export function statusSegments(statuses: readonly Status[]): StatusSegment[] {
  const total = statuses.length;
  return STATUSES.map((status) => {
    const count = statuses.filter((s) => s === status).length;
    return { status, count, share: total ? count / total : 0 };
  }).filter((s) => s.count > 0);
}
