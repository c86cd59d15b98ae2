import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CONFIG_AJV_OPTIONS, CONFIG_SCHEMA_URL, configValidator } from './config-schema.js';

describe('the config schema', () => {
  it('is valid JSON Schema 2020-12 (the run skips this check to start faster)', () => {
    const ajv = new Ajv2020({ ...CONFIG_AJV_OPTIONS, validateSchema: true });
    const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as object;
    expect(ajv.validateSchema(schema), ajv.errorsText()).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('is compiled once per process', () => {
    expect(configValidator()).toBe(configValidator());
  });

  it('fails a schema that breaks the meta-schema, so the test above can fail', () => {
    const ajv = new Ajv2020({ ...CONFIG_AJV_OPTIONS, validateSchema: true });
    expect(ajv.validateSchema({ type: 'object', minProperties: -1 })).toBe(false);
  });
});
