import { formatJsonPath, type JsonPath } from './json-path.js';

/** The subset of JSON Schema (2020-12) that sessctl's config schema uses. */
export interface SchemaNode {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  title?: string;
  examples?: unknown[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  minItems?: number;
  /** Valid when any branch is; otherwise the error of the branch of the value's own type, or one naming them all. */
  anyOf?: SchemaNode[];
  $defs?: Record<string, SchemaNode>;
}

export interface SchemaViolation {
  path: JsonPath;
  /** One line that starts with the JSON path of the bad field. */
  message: string;
}

/**
 * Validates `value` against the shipped schema and returns the first violation, in document order.
 * Our own small interpreter instead of a dependency because the point is the message: it names the
 * exact field and says what it must be, in words derived from the same schema editors use.
 */
export function validateSchema(value: unknown, root: SchemaNode): SchemaViolation | undefined {
  const resolve = (node: SchemaNode): SchemaNode => {
    if (!node.$ref) return node;
    const name = /^#\/\$defs\/(.+)$/.exec(node.$ref)?.[1];
    const target = name === undefined || !root.$defs || !Object.hasOwn(root.$defs, name) ? undefined : root.$defs[name];
    if (!target) throw new Error(`schema: unresolvable $ref ${node.$ref}`);
    return resolve(target);
  };

  const visit = (v: unknown, raw: SchemaNode, path: JsonPath): SchemaViolation | undefined => {
    const node = resolve(raw);
    const bad = (): SchemaViolation => ({ path, message: `${formatJsonPath(path)} must be ${describe(node)}` });
    if (node.enum) return node.enum.includes(v) ? undefined : bad();
    if (node.anyOf) {
      const errors = node.anyOf.map((branch) => visit(v, branch, path));
      if (errors.some((e) => e === undefined)) return undefined;
      // A value of one branch's type is wrong inside that branch: say what is wrong there.
      const own = node.anyOf.findIndex((branch) => sameType(resolve(branch), v));
      if (own >= 0) return errors[own];
      return { path, message: `${formatJsonPath(path)} must be ${node.anyOf.map((b) => describe(resolve(b))).join(' or ')}` };
    }
    switch (node.type) {
      case 'object': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad();
        const obj = v as Record<string, unknown>;
        // Own properties only, here and below: `in` and `properties[key]` would find `toString`,
        // `constructor` and `__proto__` on Object.prototype and take them for known fields.
        for (const key of node.required ?? []) {
          if (!Object.hasOwn(obj, key)) return { path: [...path, key], message: `${formatJsonPath([...path, key])} is required` };
        }
        for (const [key, child] of Object.entries(obj)) {
          const sub = node.properties && Object.hasOwn(node.properties, key) ? node.properties[key] : undefined;
          const keyPath = [...path, key];
          if (sub) {
            const err = visit(child, sub, keyPath);
            if (err) return err;
          } else if (node.additionalProperties === false) {
            return { path: keyPath, message: unknownKeyMessage(keyPath, key, Object.keys(node.properties ?? {})) };
          } else if (typeof node.additionalProperties === 'object') {
            const err = visit(child, node.additionalProperties, keyPath);
            if (err) return err;
          }
        }
        return undefined;
      }
      case 'array': {
        if (!Array.isArray(v)) return bad();
        if (node.minItems !== undefined && v.length < node.minItems) {
          return { path, message: `${formatJsonPath(path)} must have at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}` };
        }
        if (node.items) {
          for (let i = 0; i < v.length; i++) {
            const err = visit(v[i], node.items, [...path, i]);
            if (err) return err;
          }
        }
        return undefined;
      }
      case 'string':
        if (typeof v !== 'string') return bad();
        if (node.minLength !== undefined && v.length < node.minLength) return bad();
        if (node.pattern !== undefined && !new RegExp(node.pattern, 'u').test(v)) return bad();
        return undefined;
      case 'number':
      case 'integer':
        if (typeof v !== 'number' || !Number.isFinite(v)) return bad();
        if (node.type === 'integer' && !Number.isInteger(v)) return bad();
        if (node.minimum !== undefined && v < node.minimum) return bad();
        if (node.maximum !== undefined && v > node.maximum) return bad();
        if (node.exclusiveMinimum !== undefined && v <= node.exclusiveMinimum) return bad();
        return undefined;
      case 'boolean':
        return typeof v === 'boolean' ? undefined : bad();
      default:
        return undefined;
    }
  };

  return visit(value, root, []);
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
  const eg = node.examples?.length ? `, e.g. ${node.examples.map((e) => JSON.stringify(e)).slice(0, 2).join(' or ')}` : '';
  if (node.title && node.type === 'string') return `${node.title}${eg}`;
  switch (node.type) {
    case 'number':
    case 'integer': {
      const noun = node.type === 'integer' ? 'a whole number' : 'a number';
      if (node.minimum !== undefined && node.maximum !== undefined) return `${noun} between ${node.minimum} and ${node.maximum}`;
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
