import { UsageError } from '../errors.js';
import { parseCount, parseRate } from '../parse.js';

/** `--rate` of scan and clean: a budget, or `max` to run flat out; absent = adaptive pacing. */
export function parsePace(v: string): number | 'max' {
  return v.trim().toLowerCase() === 'max' ? 'max' : parseRate(v);
}

/** A count where 0 means nothing sensible (SCAN COUNT 0 is a server error). */
export function parsePositiveCount(v: string): number {
  const n = parseCount(v);
  if (n < 1) throw new UsageError('use a whole number of at least 1, e.g. 250 or 1k');
  return n;
}

/** Comma list → array, e.g. `--class empty,never-read`; repeats add up. */
export function parseList(v: string, prev: string[] = []): string[] {
  return [
    ...prev,
    ...v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/** A repeatable flag, each value kept whole: `--layout a --layout b`. */
export function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}
