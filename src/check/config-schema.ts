import { readFileSync } from 'node:fs';
import type { SchemaNode } from './validate-schema.js';

/** The shipped schema file, the one source of truth for editors and for validation. */
export const CONFIG_SCHEMA_URL = new URL('../../schema/sessctl.config.schema.json', import.meta.url);

let cached: SchemaNode | undefined;

export function configSchema(): SchemaNode {
  // Read lazily: the schema lives outside src/ (it ships as-is), so it cannot be a JSON import.
  cached ??= JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as SchemaNode;
  return cached;
}
