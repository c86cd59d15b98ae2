import { Option, type Command } from 'commander';
import type { CommandSpec, SpecValues } from '../options/option-spec.js';
import { commanderParser } from './options.js';

/**
 * A command spec's flags as commander options, in the spec's order (which is `--help`'s). Entries
 * without `flags` are config-only and skipped.
 */
export function addSpecOptions(cmd: Command, spec: CommandSpec): Command {
  for (const entry of Object.values(spec)) {
    if (!entry.flags) continue;
    const option = new Option(entry.flags, entry.help);
    if (entry.parse) {
      const parse = commanderParser(entry.parse.bind(entry));
      // Commander hands a list's parser its default as the previous value: `--class stale` would
      // then add to the default `empty` instead of replacing it.
      const name = option.attributeName();
      option.argParser((v, previous) => parse(v, cmd.getOptionValueSource(name) === 'default' ? undefined : previous));
    }
    // A --no-x switch defaults to true by itself, and commander would print "(default: true)".
    if (entry.default !== undefined && !option.negate) option.default(entry.default, entry.defaultLabel);
    cmd.addOption(option);
  }
  return cmd;
}

/**
 * The values commander parsed, keyed as the spec (and so the core function) names them, e.g.
 * `--min-age` → `minAgeMs`. Config-only entries are left out.
 */
export function specValues<S extends CommandSpec>(spec: S, flags: Record<string, unknown>): SpecValues<S> {
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(spec)) {
    if (entry.flags) out[name] = flags[new Option(entry.flags).attributeName()];
  }
  return out as SpecValues<S>;
}
