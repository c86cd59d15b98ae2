import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseLayout, type LayoutSpec } from '../frameworks/layout.js';
import { LAYOUT_SPEC } from '../options/layout.js';
import type { SpecValues } from '../options/option-spec.js';
import { addSpecOptions } from './spec-options.js';

export type LayoutFlags = SpecValues<typeof LAYOUT_SPEC>;

/** The `--layout` flags of scan, inspect and clean (options/layout.ts). */
export function addLayoutOptions(cmd: Command): Command {
  return addSpecOptions(cmd, LAYOUT_SPEC);
}

/** The flags as layout specs; a bad template or a stray --layout-user is a usage error (exit 2). */
export function layoutSpecs(flags: Partial<LayoutFlags>): LayoutSpec[] | undefined {
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
