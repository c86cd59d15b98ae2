import { describe, expect, it } from 'vitest';
import { parsePrometheus, sampleValue } from '../../test/harness/prometheus.js';
import { WatchHistory } from '../watch/history.js';
import type { WatchTick } from '../watch/types.js';
import { renderWatchPrometheus } from './watch-prometheus.js';

const tick = (createdPerS: number, problems: string[] = []): WatchTick => ({
  t: '2026-12-04T12:00:00.000Z',
  intervalS: 5,
  seq: 0,
  totals: { keys: 1000, createdPerS, expiredPerS: 0, evictedPerS: 0, deletedPerS: null },
  prefixes: [
    {
      t: '2026-12-04T12:00:00.000Z',
      prefix: 'we"ird\\pre\nfix:',
      framework: 'express-session',
      sessions: 900,
      sessionsError: 0,
      createdPerS,
      error: 1.5,
      expiredPerS: 0,
      emptyShare: 1,
      neverReadShare: 1,
      classShares: { empty: 0.5, neverRead: null },
      sampled: 200,
    },
  ],
  sample: { keys: 200, windowKeys: 1000, windowNewest: 50, passes: 1 },
  problems,
});

describe('renderWatchPrometheus', () => {
  it('writes the documented families in strict text format, counters adding up over intervals', () => {
    const h = new WatchHistory();
    h.add(tick(10));
    h.add(tick(20, ['127.0.0.1:1: connection refused']));
    const fams = parsePrometheus(renderWatchPrometheus(h));
    const labels = { prefix: 'we"ird\\pre\nfix:', framework: 'express-session' };
    expect(fams.get('sessctl_sessions')!.type).toBe('gauge');
    expect(sampleValue(fams, 'sessctl_sessions', { ...labels, class: 'all' })).toBe(900);
    expect(sampleValue(fams, 'sessctl_sessions', { ...labels, class: 'empty' })).toBe(450);
    expect(sampleValue(fams, 'sessctl_sessions', { ...labels, class: 'never-read' })).toBeUndefined();
    expect(fams.get('sessctl_sessions_created_total')!.type).toBe('counter');
    expect(sampleValue(fams, 'sessctl_sessions_created_total', labels)).toBe(150);
    expect(sampleValue(fams, 'sessctl_watch_sample_keys')).toBe(200);
    expect(sampleValue(fams, 'sessctl_watch_errors_total')).toBe(1);
  });

  it('is valid before the first interval', () => {
    expect(() => parsePrometheus(renderWatchPrometheus(new WatchHistory()))).not.toThrow();
  });

  it('is read by a parser strict enough to refuse what Prometheus refuses', () => {
    const bad = [
      'x 1',
      '# TYPE a counter\na 1\n# TYPE b gauge\nb 1\na 2\n',
      '# TYPE a gauge\na{l="1"} 1\na{l="1"} 2\n',
      '# TYPE a gauge\na{l="x\\q"} 1\n',
      '# TYPE a gauge\na{l=1} 1\n',
      '# TYPE a counter\na -1\n',
      '# TYPE 1a gauge\n',
    ];
    for (const text of bad) expect(() => parsePrometheus(text), text).toThrow();
  });
});
