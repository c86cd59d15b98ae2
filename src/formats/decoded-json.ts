import type { DecodedValue } from './types.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Turns a decoded session value into plain JSON for reports. With `redact` (the default everywhere
 * unless the user passed `--show-values`) it keeps the structure an operator needs (map keys, array
 * lengths, numbers, booleans, nulls, opaque class names) and replaces every string and byte leaf by
 * `<redacted N chars>` / `<redacted N bytes>`: session payloads carry tokens, emails and CSRF secrets
 * in strings. Without it, bytes become `{ "$bytes": base64 }` and bigints decimal strings.
 *
 * @example
 * decodedToJson({ cookie: { path: '/' }, passport: { user: 'u-42' } })
 * // { cookie: { path: '<redacted 1 chars>' }, passport: { user: '<redacted 4 chars>' } }
 */
export function decodedToJson(
  value: DecodedValue | undefined,
  { redact = true }: { redact?: boolean } = {},
): JsonValue {
  return walk(value, redact, 0);
}

/** Deeper than any real session; stops a hostile value from blowing the stack in a renderer. */
const MAX_DEPTH = 64;

function walk(v: DecodedValue | undefined, redact: boolean, depth: number): JsonValue {
  if (v === undefined || v === null) return null;
  if (depth > MAX_DEPTH) return '<too deep>';
  switch (typeof v) {
    case 'string':
      return redact ? `<redacted ${v.length} chars>` : v;
    case 'number':
      return Number.isFinite(v) ? v : String(v);
    case 'boolean':
      return v;
    case 'bigint':
      return redact ? `<redacted ${v.toString().length} digits>` : v.toString();
  }
  if (v instanceof Uint8Array)
    return redact
      ? `<redacted ${v.length} bytes>`
      : { $bytes: Buffer.from(v.buffer, v.byteOffset, v.length).toString('base64') };
  if (Array.isArray(v)) return v.map((x) => walk(x, redact, depth + 1));
  // a class name (`flask_login.mixins.AnonymousUserMixin`) is structure, not a value
  if ('$opaque' in v && typeof v.$opaque === 'string')
    return v.state === undefined
      ? { $opaque: v.$opaque }
      : { $opaque: v.$opaque, state: walk(v.state, redact, depth + 1) };
  const out: { [key: string]: JsonValue } = {};
  // Own properties only, each defined, never assigned: `out['__proto__'] = …` would swap the report
  // object's prototype and drop the key, hiding exactly the payload a reader should see.
  for (const k of Object.keys(v)) {
    Object.defineProperty(out, k, {
      value: walk((v as { [key: string]: DecodedValue })[k], redact, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
