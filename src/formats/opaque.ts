import { resolveLimits } from './limits.js';
import { asBuffer, latin1 } from './text.js';
import type { Decoder, DecodeResult } from './types.js';

/** Payloads that are recognisably not decodable here, by their first bytes. */
const MARKERS: ReadonlyArray<readonly [prefix: string, reason: string]> = [
  ['\x04\x22\x4d\x18', 'lz4-compressed'],
  ['\x28\xb5\x2f\xfd', 'zstd-compressed'],
  ['gAAAAA', 'encrypted or opaque (Fernet token)'],
  ['eyJpdiI6', 'encrypted or opaque (Laravel encrypted payload)'],
  ['Fe26.2*', 'encrypted or opaque (iron seal)'],
];

const FIRST_BYTES = new Set(MARKERS.map(([prefix]) => prefix.charCodeAt(0)));

function marker(bytes: Uint8Array): string | undefined {
  if (!FIRST_BYTES.has(bytes[0] ?? -1)) return undefined;
  const head = latin1(asBuffer(bytes), 0, Math.min(bytes.length, 8));
  for (const [prefix, reason] of MARKERS) if (head.startsWith(prefix)) return reason;
  return undefined;
}

/** Long, unstructured base64/base64url/hex text: a token, ciphertext or signed blob. */
function looksRandomText(bytes: Uint8Array): boolean {
  if (bytes.length < 24) return false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    const ok =
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      b === 0x2b ||
      b === 0x2f ||
      b === 0x3d ||
      b === 0x2d ||
      b === 0x5f ||
      b === 0x2e ||
      b === 0x3a;
    if (!ok) return false;
  }
  return true;
}

/**
 * Not a decoder so much as a verdict: compressed with a codec we do not bundle (lz4, zstd),
 * encrypted (Fernet, Laravel, iron) or random-looking text. `decode` always says which, with
 * `ok: false`, so such keys are reported as undecodable with the reason rather than guessed at.
 */
export const opaque: Decoder = {
  id: 'opaque',
  sniff(bytes) {
    if (marker(bytes) !== undefined) return 0.99;
    return looksRandomText(bytes) ? 0.3 : 0;
  },
  decode(bytes, limits): DecodeResult {
    if (bytes.length > resolveLimits(limits).maxInputBytes)
      return { ok: false, format: 'opaque', reason: 'input exceeds the size limit' };
    return {
      ok: false,
      format: 'opaque',
      reason:
        marker(bytes) ??
        (looksRandomText(bytes) ? 'encrypted or opaque (random-looking text)' : 'not a recognised payload'),
    };
  },
};
