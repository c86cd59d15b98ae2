import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, configSchemaText } from '../../scripts/config-schema-text.mjs';
import { buildConfigSchema, configProperties } from './config-schema.js';
import { PROBE_SPEC } from './probe.js';
import { SCAN_SPEC } from './scan.js';

describe('schema/sessctl.config.schema.json', () => {
  it('is what the option specs generate (run `npm run schema` after changing a spec)', async () => {
    expect(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')).toBe(await configSchemaText(buildConfigSchema()));
  });

  it('differs from the generated text when a spec changes, so the test above can fail', async () => {
    const schema = buildConfigSchema() as { title: string };
    expect(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')).not.toBe(
      await configSchemaText({ ...schema, title: `${schema.title}!` }),
    );
  });

  it('takes each probe and scan target key from a spec entry', () => {
    expect(Object.keys(configProperties(PROBE_SPEC))).toContain('requestTimeout');
    expect(Object.keys(configProperties(SCAN_SPEC))).toEqual([
      'match',
      'layouts',
      'minAge',
      'stale',
      'rate',
      'count',
      'values',
      'showKeys',
    ]);
  });
});
