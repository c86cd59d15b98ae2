import type { WatchHistory } from '../watch/history.js';

/** The Prometheus text exposition format's content type (version 0.0.4). */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

/**
 * /metrics of `sessctl watch --listen`, in the text exposition format. Gauges describe the last
 * interval; counters (`_total`) add up since the watch began, so `rate()` and `increase()` work on
 * them. Metric names are documented in docs/watch.md; keep them stable.
 */
export function renderWatchPrometheus(history: WatchHistory): string {
  const out: string[] = [];
  const tick = history.last;
  const family = (name: string, type: 'gauge' | 'counter', help: string, samples: Array<[Labels, number]>) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of samples) out.push(`${name}${labelText(labels)} ${num(v)}`);
  };
  const current = tick?.prefixes ?? [];
  const sessions: Array<[Labels, number]> = [];
  for (const p of current) {
    const base = { prefix: p.prefix, framework: p.framework };
    sessions.push([{ ...base, class: 'all' }, p.sessions]);
    if (p.classShares.empty !== null)
      sessions.push([{ ...base, class: 'empty' }, Math.round(p.sessions * p.classShares.empty)]);
    if (p.classShares.neverRead !== null)
      sessions.push([{ ...base, class: 'never-read' }, Math.round(p.sessions * p.classShares.neverRead)]);
  }
  family(
    'sessctl_sessions',
    'gauge',
    'Keys per prefix and class, estimated from the sample (class all = every key of the prefix).',
    sessions,
  );
  const all = [...history.prefixes.values()];
  family(
    'sessctl_sessions_created_total',
    'counter',
    'Keys created per prefix since the watch began: store counters attributed by the sample.',
    all.map((h) => [{ prefix: h.prefix, framework: h.framework }, Math.round(h.createdTotal)]),
  );
  family(
    'sessctl_sessions_expired_total',
    'counter',
    'Keys expired per prefix since the watch began, attributed by the sample.',
    all.map((h) => [{ prefix: h.prefix, framework: h.framework }, Math.round(h.expiredTotal)]),
  );
  family(
    'sessctl_sessions_created_per_second',
    'gauge',
    'Keys created per second per prefix over the last interval.',
    current.map((p) => [{ prefix: p.prefix, framework: p.framework }, p.createdPerS]),
  );
  family(
    'sessctl_sessions_created_per_second_error',
    'gauge',
    'Half-width of the 95% interval of sessctl_sessions_created_per_second from sampling.',
    current.map((p) => [{ prefix: p.prefix, framework: p.framework }, p.error]),
  );
  family(
    'sessctl_sessions_newest_empty_ratio',
    'gauge',
    'Share of empty sessions among the newest sampled keys of the prefix.',
    current
      .filter((p) => p.emptyShare !== null)
      .map((p) => [{ prefix: p.prefix, framework: p.framework }, p.emptyShare!]),
  );
  family('sessctl_store_keys', 'gauge', 'Keys in the watched database, from the store counters.', [
    [{}, tick?.totals.keys ?? 0],
  ]);
  family('sessctl_watch_sample_keys', 'gauge', 'Keys the sample read in the last interval.', [
    [{}, tick?.sample.keys ?? 0],
  ]);
  family('sessctl_watch_sample_passes_total', 'counter', 'Complete passes of the sample over the keyspace.', [
    [{}, tick?.sample.passes ?? 0],
  ]);
  family('sessctl_watch_errors_total', 'counter', 'Problems met while watching (a node down, a failed read).', [
    [{}, history.errors],
  ]);
  family('sessctl_watch_intervals_total', 'counter', 'Intervals measured since the watch began.', [
    [{}, history.ticks],
  ]);
  family('sessctl_watch_interval_seconds', 'gauge', 'Length of the last interval.', [[{}, tick?.intervalS ?? 0]]);
  return out.join('\n') + '\n';
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** Label values escape backslash, double quote and line feed (exposition format). */
function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}
