import { fail } from './decode-failure.js';
import { guarded } from './guarded.js';
import { asBuffer, utf8Text } from './text.js';
import type { DecodedValue, DecodeLimits, Decoder } from './types.js';

/**
 * Strict JSON (RFC 8259 via JSON.parse on text that must be valid UTF-8): express-session,
 * @fastify/session, koa-session, Flask-Session's JSON mode, Spring's Jackson serializer.
 * Depth and size are bounded by the shared walk after parsing.
 *
 * @example
 * json.decode(Buffer.from('{"cookie":{"path":"/"}}')) // { ok: true, format: 'json', value: { cookie: { path: '/' } } }
 */
export const json: Decoder = {
  id: 'json',
  sniff(bytes) {
    const first = firstNonSpace(bytes);
    if (first === 0x7b) return bytes.length > 1 && bytes[1] === 0x22 ? 0.9 : 0.7; // {" or {
    if (first === 0x5b) return 0.6; // [
    if (first === 0x22 || (first >= 0x30 && first <= 0x39) || first === 0x2d) return 0.2;
    if (first === 0x74 || first === 0x66 || first === 0x6e) return 0.1; // true, false, null
    return 0;
  },
  decode(bytes, limits) {
    return guarded('json', bytes, limits, parseJson, shortJson);
  },
};

// Module-level, not an arrow in decode(): a closure per call is an allocation per scanned key.
function parseJson(input: Uint8Array): DecodedValue {
  const buf = asBuffer(input);
  const text = utf8Text(buf, 0, buf.length) ?? fail('not valid UTF-8');
  try {
    return JSON.parse(text) as DecodedValue;
  } catch (error) {
    return fail(`not JSON: ${(error as Error).message}`);
  }
}

/**
 * JSON text of n bytes holds at most n values and n UTF-16 units of strings and names, and each
 * nesting level costs two brackets: under 2·(maxDepth+1) bytes it cannot reach the depth limit.
 * Small payloads (the common express `{cookie}` one) then skip the bounds walk.
 */
function shortJson(bytes: Uint8Array, limits: DecodeLimits): boolean {
  const n = bytes.length;
  return n < 2 * (limits.maxDepth + 1) && n <= limits.maxElements && n <= limits.maxOutputBytes;
}

function firstNonSpace(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length && i < 64; i++) {
    const b = bytes[i] as number;
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  }
  return -1;
}
