import type { ErrorObject } from 'ajv/dist/2020.js';
import { configValidator } from './config-schema.js';
import { formatJsonPath, type JsonPath } from './json-path.js';

/** The parts of a schema node that the messages are worded from. */
interface SchemaNode {
  $ref?: string;
  type?: string;
  title?: string;
  examples?: unknown[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  properties?: Record<string, unknown>;
  anyOf?: SchemaNode[];
  $defs?: Record<string, SchemaNode>;
}

export interface SchemaViolation {
  path: JsonPath;
  /** One line that starts with the JSON path of the bad field. */
  message: string;
}

/**
 * Validates a config against the shipped schema (by ajv) and returns its first violation, worded
 * for a person: the exact field and what it must be, from the same schema editors use.
 */
export function validateSchema(value: unknown): SchemaViolation | undefined {
  const validate = configValidator();
  if (validate(value)) return undefined;
  const errors = validate.errors ?? [];
  const last = errors.at(-1);
  if (!last) return { path: [], message: 'config does not match the schema' };
  if (last.keyword !== 'anyOf') return violation(last, value);
  // Without allErrors each failed branch leaves exactly one error, in branch order, before anyOf's.
  const root = validate.schema as SchemaNode;
  const branches = ((last.parentSchema as SchemaNode).anyOf ?? []).map((b) => resolve(b, root));
  const branchErrors = errors.slice(-1 - branches.length, -1);
  // A value of one branch's type is wrong inside that branch: say what is wrong there.
  const own = branches.findIndex((branch) => sameType(branch, last.data));
  if (own >= 0 && branchErrors.length === branches.length && branchErrors[own])
    return violation(branchErrors[own], value);
  const path = pathOf(last.instancePath, value);
  return { path, message: `${formatJsonPath(path)} must be ${branches.map(describe).join(' or ')}` };
}

/** The schema's `#/$defs/NAME` references are the only kind it has. */
function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  const name = node.$ref && /^#\/\$defs\/(.+)$/.exec(node.$ref)?.[1];
  if (!name) return node;
  const target = root.$defs && Object.hasOwn(root.$defs, name) ? root.$defs[name] : undefined;
  return target ? resolve(target, root) : node;
}

function violation(error: ErrorObject, root: unknown): SchemaViolation {
  const path = pathOf(error.instancePath, root);
  const node = error.parentSchema as SchemaNode;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const keyPath = [...path, String(params.missingProperty)];
      return { path: keyPath, message: `${formatJsonPath(keyPath)} is required` };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const keyPath = [...path, key];
      return { path: keyPath, message: unknownKeyMessage(keyPath, key, Object.keys(node.properties ?? {})) };
    }
    case 'minItems': {
      const n = Number(params.limit);
      return { path, message: `${formatJsonPath(path)} must have at least ${n} item${n === 1 ? '' : 's'}` };
    }
    default:
      return { path, message: `${formatJsonPath(path)} must be ${describe(node)}` };
  }
}

/** ajv's JSON Pointer (`/scans/0/maxShare`) as a path whose array indexes are numbers. */
function pathOf(pointer: string, root: unknown): JsonPath {
  const path: Array<string | number> = [];
  let at: unknown = root;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const seg = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const index = Array.isArray(at) ? Number(seg) : undefined;
    path.push(index ?? seg);
    at = index === undefined ? (at as Record<string, unknown> | undefined)?.[seg] : (at as unknown[])[index];
  }
  return path;
}

function sameType(node: SchemaNode, v: unknown): boolean {
  switch (node.type) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return typeof v === 'number';
    default:
      return node.type !== undefined && typeof v === node.type;
  }
}

/** What a value must be, in words: "a number between 0 and 1", `one of "low", "medium"`. */
export function describe(node: SchemaNode): string {
  if (node.enum) return `one of ${node.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  const eg = node.examples?.length
    ? `, e.g. ${node.examples
        .map((e) => JSON.stringify(e))
        .slice(0, 2)
        .join(' or ')}`
    : '';
  if (node.title && node.type === 'string') return `${node.title}${eg}`;
  switch (node.type) {
    case 'number':
    case 'integer': {
      const noun = node.type === 'integer' ? 'a whole number' : 'a number';
      if (node.minimum !== undefined && node.maximum !== undefined)
        return `${noun} between ${node.minimum} and ${node.maximum}`;
      if (node.exclusiveMinimum !== undefined) return `${noun} greater than ${node.exclusiveMinimum}`;
      if (node.minimum !== undefined) return `${noun} of ${node.minimum} or more`;
      return noun;
    }
    case 'string':
      return node.minLength ? 'a non-empty string' : 'a string';
    case 'object':
      return 'a JSON object';
    case 'array':
      return 'an array';
    case 'boolean':
      return 'true or false';
    default:
      return 'valid';
  }
}

function unknownKeyMessage(path: JsonPath, key: string, known: string[]): string {
  const close = closest(key, known);
  const hint = close ? `did you mean "${close}"?` : `use one of ${known.join(', ')}`;
  return `${formatJsonPath(path)} is not a known field: ${hint}`;
}

/** The known word a misspelt one most likely meant, if any is close enough. */
export function closest(word: string, known: readonly string[]): string | undefined {
  return known.find((k) => distance(k.toLowerCase(), word.toLowerCase()) <= Math.max(1, Math.floor(k.length / 4)));
}

/** Levenshtein distance, for "did you mean" on misspelt keys. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
