import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseLayout, type LayoutSpec } from '../frameworks/layout.js';
import { listArg } from './options.js';

export interface LayoutFlags {
  layout?: string[];
  layoutUser?: string[];
  layoutMeta?: string[];
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/**
 * `--layout TEMPLATE` (repeatable) with `--layout-user` / `--layout-meta` for every layout given:
 * the same three options on scan, inspect and clean. Per-layout keys go in a check config's
 * `layouts` objects.
 */
export function addLayoutOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--layout <template>',
        "a custom session layer's key layout, repeatable: session_{id}, or a probe's storeKeys such as session_{md5(token)} (its keys count as sessions, and clean may act on them)",
      ).argParser(collect),
    )
    .addOption(
      new Option(
        '--layout-user <keys>',
        'payload keys that identify a user in --layout sessions (comma list, dotted paths allowed), e.g. user_id,owner.id',
      ).argParser(listArg),
    )
    .addOption(
      new Option(
        '--layout-meta <keys>',
        'payload keys the layer writes itself, not user data (comma list), e.g. identifier,created',
      ).argParser(listArg),
    );
}

/** The flags as layout specs; a bad template or a stray --layout-user is a usage error (exit 2). */
export function layoutSpecs(flags: LayoutFlags): LayoutSpec[] | undefined {
  const templates = flags.layout ?? [];
  if (!templates.length) {
    if (flags.layoutUser || flags.layoutMeta)
      throw new UsageError(`${flags.layoutUser ? '--layout-user' : '--layout-meta'} needs --layout`, {
        hint: "e.g. --layout 'session_{id}' --layout-user user_id",
      });
    return undefined;
  }
  return templates.map((template) => {
    const spec: LayoutSpec = { template, userKeys: flags.layoutUser ?? [], metadataKeys: flags.layoutMeta ?? [] };
    const r = parseLayout(spec);
    if (!r.ok)
      throw new UsageError(`--layout: ${r.problem}`, {
        hint: "e.g. --layout 'session_{id}' or --layout 'session_{md5(token)}'",
      });
    return spec;
  });
}
