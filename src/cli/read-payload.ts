import { readFile } from 'node:fs/promises';
import { SessctlError } from '../errors.js';
import { fsReason } from '../fs-reason.js';

/** Largest payload `decode` reads; far above any real session, well below memory trouble. */
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** The bytes of a payload file, or of stdin for `-`. Unreadable → SESSCTL_FILE (exit 2). */
export async function readPayload(file: string, stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
  if (file !== '-') {
    try {
      return await readFile(file);
    } catch (cause) {
      throw new SessctlError('SESSCTL_FILE', `cannot read ${file}: ${fsReason(cause)}`, {
        cause,
        hint: 'give a readable payload file, or - to read stdin',
      });
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stdin) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
      size += b.length;
      if (size > MAX_PAYLOAD_BYTES)
        throw new SessctlError(
          'SESSCTL_FILE',
          `stdin is larger than ${MAX_PAYLOAD_BYTES} bytes: not a session payload`,
        );
      chunks.push(b);
    }
  } catch (cause) {
    if (cause instanceof SessctlError) throw cause;
    throw new SessctlError('SESSCTL_FILE', `cannot read stdin: ${(cause as Error).message}`, { cause });
  }
  return Buffer.concat(chunks);
}

/** `--hash` input: a JSON object of field name → base64 value (HGETALL, as the spring-session fixtures store it). */
export function parseHashJson(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw new SessctlError(
      'SESSCTL_FILE',
      `${file === '-' ? 'stdin' : file} is not JSON: ${(cause as Error).message}`,
      { cause, hint: '--hash wants {"field": "<base64 value>", …}' },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SessctlError('SESSCTL_FILE', '--hash input must be a JSON object of field → base64 value');
  const map = new Map<string, Uint8Array>();
  for (const [field, value] of Object.entries(parsed)) {
    if (typeof value !== 'string')
      throw new SessctlError('SESSCTL_FILE', `--hash field "${field}" is not a base64 string`);
    map.set(field, Buffer.from(value, 'base64'));
  }
  return map;
}
