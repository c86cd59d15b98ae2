import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** The shipped schema file, the one source of truth for editors and for validation. */
export const CONFIG_SCHEMA_URL = new URL('../../schema/sessctl.config.schema.json', import.meta.url);

let cached: ValidateFunction | undefined;

/**
 * The config schema compiled by ajv, once per process and only when `sessctl check` reads a config.
 * allErrors off: the user gets the first problem, and anyOf reports one error per branch (which
 * validate-schema.ts relies on). ownProperties: `constructor` or `__proto__` in a config is an
 * unknown key, never a field found on Object.prototype. verbose: errors carry the schema node, from
 * which the message is worded.
 */
export function configValidator(): ValidateFunction {
  // Read at run time: the schema lives outside src/ (it ships as-is), so it cannot be a JSON import.
  cached ??= new Ajv2020({ allErrors: false, ownProperties: true, verbose: true, strict: true }).compile(
    JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as object,
  );
  return cached;
}
