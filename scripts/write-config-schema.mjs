// Writes schema/sessctl.config.schema.json from the option specs (src/options/). Run by
// `npm run schema`, which builds first: the specs are TypeScript, this reads them from dist/.
import { writeFile } from 'node:fs/promises';
import { buildConfigSchema } from '../dist/options/config-schema.js';
import { CONFIG_SCHEMA_FILE, configSchemaText } from './config-schema-text.mjs';

await writeFile(CONFIG_SCHEMA_FILE, await configSchemaText(buildConfigSchema()));
console.log(`wrote ${CONFIG_SCHEMA_FILE}`);
