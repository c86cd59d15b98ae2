import type { IncomingMessage } from 'node:http';
import { BodyError, tooLarge } from './body-error.js';

/**
 * The JSON body of a node:http request, for the body-token lookup. When a body parser ran first
 * (`express.json()`), its `req.body` is used. Otherwise the body is buffered here (up to `limit`)
 * and left parsed on `req.body`: the stream is consumed, so a later body parser sees a finished
 * request and skips, and the app reads `req.body` as usual. Non-JSON bodies are never read.
 */
export async function readJsonBody(req: IncomingMessage & { body?: unknown }, limit: number): Promise<unknown> {
  if (req.body !== undefined) return req.body;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) return undefined;
  if (
    req.readableEnded ||
    (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
  )
    return undefined;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    req.body = JSON.parse(text);
  } catch (cause) {
    throw new BodyError(400, 'request body is not valid JSON', cause);
  }
  return req.body;
}
