import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** The HAR 1.2 fields replay needs (ahmadnassri/har-schema request.json, postData.json). */
export interface HarRequest {
  method: string;
  url: string;
  headers: Array<{ name: string; value: string }>;
  postData?: { mimeType: string; text?: string; params?: Array<{ name: string; value?: string }> };
}

export interface HarDoc {
  entries: Array<{ request: HarRequest }>;
  /** Chrome exports HARs without Cookie/Set-Cookie/Authorization unless told otherwise. */
  sanitized: boolean;
}

export async function loadHar(file: string): Promise<HarDoc> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new UsageError(`cannot read HAR file ${file}: ${(cause as Error).message}`, { cause });
  }
  const entries = (doc as { log?: { entries?: unknown } })?.log?.entries;
  if (!Array.isArray(entries) || entries.length === 0)
    throw new UsageError(`${file} is not a HAR 1.2 file with log.entries`);
  entries.forEach((e, i) => {
    const r = (e as { request?: Partial<HarRequest> })?.request;
    if (typeof r?.method !== 'string' || typeof r?.url !== 'string' || !Array.isArray(r?.headers)) {
      throw new UsageError(`${file}: log.entries[${i}].request needs method, url and headers`);
    }
  });
  const all = entries as Array<{ request: HarRequest; response?: { headers?: Array<{ name: string }> } }>;
  const credentialed = all.some(
    (e) =>
      e.request.headers.some((h) => /^(cookie|authorization)$/i.test(h.name)) ||
      (e.response?.headers ?? []).some((h) => /^set-cookie$/i.test(h.name)),
  );
  return { entries: all, sanitized: !credentialed };
}

const DROP =
  /^(:.*|host|content-length|connection|keep-alive|transfer-encoding|upgrade|te|trailer|proxy-.*|accept-encoding|cookie)$/i;

/** Headers safe to resend: no pseudo/hop-by-hop headers, no Cookie (the jar supplies it). */
export function replayHeaders(req: HarRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of req.headers) if (!DROP.test(h.name)) out[h.name.toLowerCase()] = h.value;
  return out;
}

export function replayBody(req: HarRequest): string | undefined {
  const pd = req.postData;
  if (!pd) return undefined;
  if (pd.text !== undefined) return pd.text;
  return pd.params
    ? new URLSearchParams(pd.params.map((p): [string, string] => [p.name, p.value ?? ''])).toString()
    : undefined;
}
