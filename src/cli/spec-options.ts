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
    if (entry.parse) option.argParser(commanderParser(entry.parse.bind(entry)));
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
