import { readFileSync } from 'node:fs';
import { Ajv2020, type Options, type ValidateFunction } from 'ajv/dist/2020.js';

/** The shipped schema file, the one source of truth for editors and for validation. */
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
 * allErrors off: the user gets the first problem, and anyOf reports one error per branch (which
 * validate-schema.ts relies on). ownProperties: `constructor` or `__proto__` in a config is an
 * unknown key, never a field found on Object.prototype. verbose: errors carry the schema node, from
 * which the message is worded. The schema itself is checked against the 2020-12 meta-schema by a
 * test, not at each run: that check and ajv's code optimiser would add about 30 ms and 8 ms to the
 * ~30 ms compile of every `sessctl check`.
 */
export function configValidator(): ValidateFunction {
  // Read at run time: the schema lives outside src/ (it ships as-is), so it cannot be a JSON import.
  cached ??= new Ajv2020(CONFIG_AJV_OPTIONS).compile(JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as object);
  return cached;
}
