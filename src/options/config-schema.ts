import { SEVERITIES } from '../severity.js';
import { CHECK_SPEC, SCAN_TARGET_SPEC, TARGET_SPEC } from './check.js';
import type { CommandSpec, SchemaNode } from './option-spec.js';
import { PROBE_SPEC } from './probe.js';
import { SCAN_SPEC } from './scan.js';

/** Scan classes a threshold can name (DESIGN.md "Classes"; `orphan` = never-read or empty). */
export const THRESHOLD_CLASSES = [
  'never-read',
  'empty',
  'anonymous',
  'no-ttl',
  'stale',
  'undecodable',
  'orphan',
] as const;

/**
 * The `properties` a spec's config keys add to a target's schema, in the spec's order. A
 * description says `{default}` where the entry's default goes, so the default is written once.
 */
export function configProperties(spec: CommandSpec): Record<string, SchemaNode> {
  return Object.fromEntries(
    Object.values(spec).flatMap((entry) => {
      if (!entry.config) return [];
      const label = entry.defaultLabel ?? String(entry.default);
      const node = Object.fromEntries(
        Object.entries(entry.config.schema).map(([k, v]) => [
          k,
          k === 'description' && typeof v === 'string' ? v.replaceAll('{default}', label) : v,
        ]),
      );
      return [[entry.config.key, node]];
    }),
  );
}

const perClass = (ref: string) => Object.fromEntries(THRESHOLD_CLASSES.map((cls) => [cls, { $ref: `#/$defs/${ref}` }]));

/**
 * The check config's JSON Schema, built from the option specs: ajv validates configs with it, and
 * `npm run schema` writes it to schema/sessctl.config.schema.json for editors (a test keeps the two
 * the same).
 */
export function buildConfigSchema(): SchemaNode {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/sessctl/sessctl/schema/sessctl.config.schema.json',
    title: 'sessctl check configuration',
    description:
      'What `sessctl check` probes and scans, and when it fails. Strings may use ${VAR} or ${VAR:-default} to read environment variables (keep store passwords in CI secrets).',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      ...configProperties(CHECK_SPEC),
      probes: {
        type: 'array',
        description: 'Running apps to probe, as `sessctl probe` would.',
        items: { $ref: '#/$defs/probe' },
      },
      scans: {
        type: 'array',
        description: 'Session stores to scan, with thresholds on the share or count of each class.',
        items: { $ref: '#/$defs/scan' },
      },
    },
    $defs: {
      severity: { type: 'string', enum: [...SEVERITIES] },
      failOn: { type: 'string', enum: [...SEVERITIES, 'none'] },
      duration: {
        type: 'string',
        title: 'a duration',
        pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+$',
        examples: ['30s', '10m', '24h'],
      },
      storeUrl: {
        type: 'string',
        title: 'a store URL',
        pattern: '^[A-Za-z][A-Za-z0-9+.-]*://',
        examples: ['redis://localhost:6379', 'memcached://localhost:11211'],
      },
      httpUrl: {
        type: 'string',
        title: 'an http(s) URL',
        pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$',
        examples: ['http://localhost:3000/api/me'],
      },
      name: {
        type: 'string',
        minLength: 1,
        description: 'Shown in reports and used as the JUnit suite name; defaults to the URL.',
      },
      checkId: { type: 'string', pattern: '^[A-Z]+(-[A-Z0-9]+)+$', title: 'a check id', examples: ['SESS-ANON-MINT'] },
      share: { type: 'number', minimum: 0, maximum: 1 },
      count: { type: 'integer', minimum: 0 },
      probe: {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        properties: {
          name: { $ref: '#/$defs/name' },
          url: {
            $ref: '#/$defs/httpUrl',
            description: 'An endpoint whose response depends on the session, e.g. /api/me.',
          },
          ...configProperties(PROBE_SPEC),
          ignore: {
            type: 'array',
            items: { $ref: '#/$defs/checkId' },
            description: 'Check ids whose findings are reported but never fail the run.',
          },
          ...configProperties(TARGET_SPEC),
        },
      },
      scan: {
        type: 'object',
        additionalProperties: false,
        required: ['store'],
        properties: {
          name: { $ref: '#/$defs/name' },
          store: { $ref: '#/$defs/storeUrl' },
          ...configProperties(SCAN_SPEC),
          ...configProperties(SCAN_TARGET_SPEC),
          ...configProperties(TARGET_SPEC),
        },
      },
      classShares: { type: 'object', additionalProperties: false, properties: perClass('share') },
      classCounts: { type: 'object', additionalProperties: false, properties: perClass('count') },
      layoutTemplate: {
        type: 'string',
        title: 'a key layout with one placeholder for the id',
        pattern: '\\{[^{}]+\\}',
        examples: ['session_{id}', 'session_{md5(token)}'],
      },
      keyNames: { type: 'array', items: { type: 'string', minLength: 1 } },
      layout: {
        anyOf: [
          { $ref: '#/$defs/layoutTemplate' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['template'],
            properties: {
              template: { $ref: '#/$defs/layoutTemplate' },
              userKeys: {
                $ref: '#/$defs/keyNames',
                description:
                  'Payload keys (dotted paths allowed) whose presence makes a session authenticated, e.g. ["user_id"].',
              },
              metadataKeys: {
                $ref: '#/$defs/keyNames',
                description:
                  'Payload keys the layer writes itself: they do not count as user data, e.g. ["identifier"].',
              },
            },
          },
        ],
      },
    },
  };
}
