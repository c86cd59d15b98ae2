import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

/** Where the generated config schema is committed (and shipped, for editors). */
export const CONFIG_SCHEMA_FILE = fileURLToPath(new URL('../schema/sessctl.config.schema.json', import.meta.url));

/**
 * The schema object as the committed file's text: formatted by Prettier with the repository's
 * settings, so `npm run lint` (prettier --check) and the staleness test agree on every byte.
 */
export async function configSchemaText(schema) {
  const options = (await prettier.resolveConfig(CONFIG_SCHEMA_FILE)) ?? {};
  return prettier.format(JSON.stringify(schema, null, 2), { ...options, filepath: CONFIG_SCHEMA_FILE });
}
