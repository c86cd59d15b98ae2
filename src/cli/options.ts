import { InvalidArgumentError } from 'commander';
import { SessctlError } from '../errors.js';
import { SEVERITIES, type FailOn } from '../severity.js';

/**
 * Commander argument parsers. A spec's parser (options/) throws our UsageError; this rethrows it as
 * commander's InvalidArgumentError so commander prints "error: option '--x <v>' argument 'v' is
 * invalid. <our message>" and exits 2.
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
