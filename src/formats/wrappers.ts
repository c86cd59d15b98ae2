import type { DecodeLimits, Wrapper } from './types.js';

export type Peeled = { ok: true; bytes: Uint8Array; wrappers: Wrapper[] } | { ok: false; reason: string };

/** Nested compression deeper than this is not something a session store writes. */
const MAX_LAYERS = 2;

/**
 * zlib: CMF 0x78 (deflate, 32 KiB window) and one of the four FLG bytes zlib writes without a
 * preset dictionary (levels 1, 2–5, 6, 7–9). Other header-valid pairs (`x ` `x?` `x}`) are
 * more likely text than zlib, so they are left to the decoders.
 */
export function isZlib(bytes: Uint8Array): boolean {
  const flg = bytes[1];
  return bytes[0] === 0x78 && (flg === 0x01 || flg === 0x5e || flg === 0x9c || flg === 0xda) && bytes.length > 2;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

/**
 * Removes zlib and gzip layers (python-memcached/pymemcache, Django's compressing serializers,
 * phpredis with compression) before sniffing. Inflation stops at `maxInflatedBytes`, so a
 * compression bomb is refused instead of filling memory.
 */
export function peelWrappers(bytes: Uint8Array, limits: DecodeLimits): Peeled {
  const wrappers: Wrapper[] = [];
  let current = bytes;
  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    const kind: Wrapper | undefined = isZlib(current) ? 'zlib' : isGzip(current) ? 'gzip' : undefined;
    if (kind === undefined) break;
    try {
      const options = { maxOutputLength: limits.maxInflatedBytes };
      // Loaded at the first compressed payload, not at startup: most keyspaces hold none.
      const { inflateSync, gunzipSync } = process.getBuiltinModule('node:zlib');
      current = kind === 'zlib' ? inflateSync(current, options) : gunzipSync(current, options);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason =
        code === 'ERR_BUFFER_TOO_LARGE'
          ? `inflates past ${limits.maxInflatedBytes} bytes`
          : `corrupt: ${(error as Error).message}`;
      return { ok: false, reason: `${kind} wrapper ${reason}` };
    }
    wrappers.push(kind);
  }
  return { ok: true, bytes: current, wrappers };
}
