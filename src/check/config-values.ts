import { SessctlError } from '../errors.js';
import type { CommandSpec, ConfigValues } from '../options/option-spec.js';
import type { JsonPath } from './json-path.js';

/**
 * The options a config target sets, read by a spec's config keys and keyed as the core takes them
 * (`minAge: "1h"` → `minAgeMs: 3600000`). Keys the target leaves out stay out, so the core applies
 * the spec's default. The value has passed the schema; a parser that still refuses it (a size that
 * overflows, say) is reported at its path through `fail`.
 */
export function readConfigValues<S extends CommandSpec>(
  spec: S,
  target: Record<string, unknown>,
  path: JsonPath,
  fail: (path: JsonPath, what: string) => never,
): ConfigValues<S> {
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(spec)) {
    const config = entry.config;
    if (!config || !Object.hasOwn(target, config.key) || target[config.key] === undefined) continue;
    const raw = target[config.key];
    try {
      out[name] = config.read
        ? config.read(raw as never)
        : typeof raw === 'string' && entry.parse
          ? entry.parse(raw)
          : raw;
    } catch (err) {
      if (!(err instanceof SessctlError)) throw err;
      fail([...path, config.key], `is not valid: ${err.message}`);
    }
  }
  return out as ConfigValues<S>;
}
