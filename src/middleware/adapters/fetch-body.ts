import { tooLarge } from './body-error.js';

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

/**
 * The JSON body of a fetch `Request`, for the body-token lookup, read from a clone so the handler
 * can still read it. Like the node adapter (node-body.ts): a Content-Length past `limit` is refused
 * before a byte is read, and a body without one is counted as it streams and cancelled once it
 * passes the limit (BodyError 413). A body that is not JSON carries no token: undefined.
 */
export async function readJsonRequest(request: Request, limit: number): Promise<unknown> {
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? '') || request.bodyUsed || !request.body) return undefined;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const reader = request.clone().body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: a tee branch's cancel settles only once the other branch (the app's) is cancelled too.
      reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // An unparsable body is the app's to reject; for the session it just carries no token.
    return undefined;
  }
}

/** The answer to a BodyError in a fetch-style adapter. */
export function bodyErrorResponse(err: { status: number; message: string }): Response {
  return new Response(`${err.message}\n`, {
    status: err.status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
