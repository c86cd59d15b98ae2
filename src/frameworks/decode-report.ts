import { decodedToJson, type JsonValue } from '../formats/decoded-json.js';
import { redactKey } from '../redact.js';
import { frameworksForKey } from './key-match.js';
import type { SessionMeaning } from './types.js';

/** `sessctl decode --format json` prints this object unchanged. */
export interface DecodeReport {
  schema: 'sessctl-decode/1';
  /** Redacted unless values are shown. */
  key: string | null;
  bytes: number;
  format: SessionMeaning['format'];
  /** Wrappers peeled before decoding, outermost first (`zlib`, `gzip`, `php-string`). */
  wrappers: string[];
  framework: SessionMeaning['framework'];
  confidence: SessionMeaning['confidence'];
  decoded: boolean;
  reason?: string;
  /** One word for the three mutually exclusive readings, or `undecodable`. */
  state: 'empty' | 'anonymous' | 'authenticated' | 'undecodable';
  empty: boolean;
  anonymous: boolean;
  userKeys: string[];
  /** ISO 8601, null when the payload does not record it. */
  createdAt: string | null;
  createdAtKind: SessionMeaning['createdAtKind'] | null;
  rewritesOnRequest: boolean;
  valuesShown: boolean;
  value: JsonValue;
}

export function buildDecodeReport(
  meaning: SessionMeaning,
  options: { key?: string; bytes: number; showValues?: boolean },
): DecodeReport {
  const showValues = options.showValues === true;
  const state = !meaning.decoded
    ? 'undecodable'
    : meaning.empty
      ? 'empty'
      : meaning.userKeys.length > 0
        ? 'authenticated'
        : 'anonymous';
  return {
    schema: 'sessctl-decode/1',
    key: options.key === undefined ? null : showValues ? options.key : redactStoreKey(options.key),
    bytes: options.bytes,
    format: meaning.format,
    wrappers: meaning.wrappers ?? [],
    framework: meaning.framework,
    confidence: meaning.confidence,
    decoded: meaning.decoded,
    ...(meaning.reason === undefined ? {} : { reason: meaning.reason }),
    state,
    empty: meaning.empty,
    anonymous: meaning.anonymous,
    userKeys: meaning.userKeys,
    createdAt:
      meaning.createdAt === undefined || !Number.isFinite(meaning.createdAt)
        ? null
        : new Date(meaning.createdAt).toISOString(),
    createdAtKind: meaning.createdAt === undefined ? null : (meaning.createdAtKind ?? null),
    rewritesOnRequest: meaning.rewritesOnRequest === true,
    valuesShown: showValues,
    value: decodedToJson(meaning.value, { redact: !showValues }),
  };
}

/**
 * A store key for display: the framework's prefix when the key has one, else everything up to
 * the last `:` (a custom prefix such as `myapp:sess:`, which ids never contain), then the first
 * characters of the id and a hash, so decode and inspect show a key the way scan lists it.
 */
export function redactStoreKey(key: string): string {
  return redactKey(key, frameworksForKey(key)[0]?.prefix ?? key.slice(0, key.lastIndexOf(':') + 1));
}
