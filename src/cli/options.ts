import { InvalidArgumentError } from 'commander';
import { SessctlError } from '../errors.js';

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
