import { Ajv2020, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import { buildConfigSchema } from '../options/config-schema.js';

/** The shipped schema file, for editors; `npm run schema` writes it from the same specs. */
export const CONFIG_SCHEMA_URL = new URL('../../schema/sessctl.config.schema.json', import.meta.url);

export const CONFIG_AJV_OPTIONS: Options = {
  allErrors: false,
  ownProperties: true,
  verbose: true,
  strict: true,
  validateSchema: false,
  code: { optimize: false },
};

let cached: ValidateFunction | undefined;

/**
 * The config schema compiled by ajv, once per process and only when `sessctl check` reads a config.
 * It is built from the option specs in memory (the shipped file is the same text, by a test).
 * allErrors off: the user gets the first problem, and anyOf reports one error per branch (which
 * validate-schema.ts relies on). ownProperties: `constructor` or `__proto__` in a config is an
 * unknown key, never a field found on Object.prototype. verbose: errors carry the schema node, from
 * which the message is worded. The schema itself is checked against the 2020-12 meta-schema by a
 * test, not at each run: that check and ajv's code optimiser would add about 30 ms and 8 ms to the
 * ~30 ms compile of every `sessctl check`.
 */
export function configValidator(): ValidateFunction {
  cached ??= new Ajv2020(CONFIG_AJV_OPTIONS).compile(buildConfigSchema());
  return cached;
}
