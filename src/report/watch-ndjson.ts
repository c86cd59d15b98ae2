import type { WatchHistory } from '../watch/history.js';
import type { WatchPrefixRecord, WatchTick } from '../watch/types.js';

/** The ndjson record of one prefix in one interval, fields in the documented order. */
export function watchRecordLine(r: WatchPrefixRecord): string {
  return JSON.stringify({
    t: r.t,
    prefix: r.prefix,
    framework: r.framework,
    sessions: r.sessions,
    createdPerS: r.createdPerS,
    expiredPerS: r.expiredPerS,
    emptyShare: r.emptyShare,
    neverReadShare: r.neverReadShare,
    sampled: r.sampled,
    error: r.error,
    sessionsError: r.sessionsError,
  });
}

/**
 * One line per prefix, then one `{t, problem}` line per problem of the interval. An interval with
 * no prefix at all (an empty store) still writes `{t, prefix: null, …}` so a reader sees time pass.
 */
export function renderWatchTickNdjson(tick: WatchTick): string {
  const lines = tick.prefixes.map(watchRecordLine);
  if (!lines.length)
    lines.push(
      JSON.stringify({
        t: tick.t,
        prefix: null,
        framework: null,
        sessions: 0,
        createdPerS: tick.totals.createdPerS,
        expiredPerS: tick.totals.expiredPerS,
        emptyShare: null,
        neverReadShare: null,
        sampled: 0,
        error: 0,
        sessionsError: 0,
      }),
    );
  for (const problem of tick.problems) lines.push(JSON.stringify({ t: tick.t, problem }));
  return lines.join('\n') + '\n';
}

/** The last line after Ctrl-C, like the scan's `{"summary": …}`. */
export function renderWatchNdjsonSummary(history: WatchHistory): string {
  return (
    JSON.stringify({
      summary: {
        store: history.facts?.url,
        intervals: history.ticks,
        durationS: Math.round(history.durationS * 10) / 10,
        errors: history.errors,
        prefixes: [...history.prefixes.values()].map((h) => ({
          prefix: h.prefix,
          framework: h.framework,
          created: Math.round(h.createdTotal),
          expired: Math.round(h.expiredTotal),
          meanCreatedPerS: Math.round(history.meanCreatedPerS(h) * 100) / 100,
          peakCreatedPerS: h.peakCreatedPerS,
          sessions: h.last.sessions,
        })),
      },
    }) + '\n'
  );
}
