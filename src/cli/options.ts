import { InvalidArgumentError } from 'commander';
import { SessctlError } from '../errors.js';
import { parseCount, parseDuration, parseRate, parseSize } from '../parse.js';
import { SEVERITIES, type FailOn } from '../severity.js';

/**
 * Commander argument parsers. They rethrow our UsageError as commander's InvalidArgumentError so
 * commander prints "error: option '--x <v>' argument 'v' is invalid. <our message>" and exits 2.
 */
export function commanderParser<T>(fn: (v: string, previous?: T) => T): (v: string, previous?: T) => T {
  return (v, previous) => {
    try {
      return fn(v, previous);
    } catch (err) {
      if (err instanceof SessctlError) throw new InvalidArgumentError(err.message);
      throw err;
    }
  };
}

export const durationArg = commanderParser((v) => parseDuration(v));
export const sizeArg = commanderParser((v) => parseSize(v));
export const rateArg = commanderParser((v) => parseRate(v));
/** `--rate` of scan and clean: a budget, or `max` to run flat out; absent = adaptive pacing. */
export const paceArg = commanderParser((v): number | 'max' =>
  v.trim().toLowerCase() === 'max' ? 'max' : parseRate(v),
);
export const countArg = commanderParser((v) => parseCount(v));
/** A count where 0 means nothing sensible (SCAN COUNT 0 is a server error). */
export const positiveCountArg = commanderParser((v) => {
  const n = parseCount(v);
  if (n < 1) throw new InvalidArgumentError(`use a whole number of at least 1, e.g. 250 or 1k`);
  return n;
});

export const failOnArg = commanderParser((v): FailOn => {
  const all = [...SEVERITIES, 'none'] as const;
  if (!(all as readonly string[]).includes(v)) throw new InvalidArgumentError(`use one of ${all.join(', ')}`);
  return v as FailOn;
});

export function outputArg(v: string, prev: Array<{ format: string; file: string }> = []) {
  const eq = v.indexOf('=');
  if (eq <= 0 || eq === v.length - 1) throw new InvalidArgumentError('use FORMAT=FILE, e.g. --output junit=report.xml');
  return [...prev, { format: v.slice(0, eq), file: v.slice(eq + 1) }];
}

/** Comma list → array, e.g. `--class empty,never-read`. */
export function listArg(v: string, prev: string[] = []): string[] {
  return [
    ...prev,
    ...v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}
