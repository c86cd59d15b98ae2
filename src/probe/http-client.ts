import { Agent, request, errors as undiciErrors } from 'undici';
import { SessctlError } from '../errors.js';
import { timeoutSignal } from '../timeout-signal.js';
import { parseSetCookie, type SetCookie } from '../http-cookie.js';

export interface ProbeRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** What outputs show instead of `body` (a login body with its credentials redacted). */
  redactedBody?: string;
}

export interface ProbeResponse {
  status: number;
  headers: Record<string, string | string[]>;
  setCookies: SetCookie[];
  /** Body text, capped at maxBodyBytes. */
  body: string;
  truncated: boolean;
}

/** One request and its response as sent and received (not yet redacted). */
export interface Exchange {
  step: string;
  request: Required<Pick<ProbeRequest, 'method' | 'url' | 'headers'>> & Pick<ProbeRequest, 'body' | 'redactedBody'>;
  response: ProbeResponse;
  /** Keys the step created in the store (only with --store). */
  newKeys?: string[];
  /** Keys that were in the store before the step and are gone after it (only with --store). */
  removedKeys?: string[];
  ms: number;
  /** Wall clock when the request was sent, ms since the epoch (HAR startedDateTime). */
  startedAt: number;
  /** Until the response headers arrived; the rest of `ms` is reading the body. */
  waitMs: number;
}

/** A request that got no response (timeout, refused, TLS): kept so --save-har shows every request. */
export interface FailedRequest {
  step: string;
  request: Exchange['request'];
  error: string;
  ms: number;
  startedAt: number;
}

export interface HttpLimits {
  timeoutMs: number;
  maxBodyBytes: number;
  maxRequests: number;
  insecure: boolean;
}

/**
 * The probe's only way to the network: a request budget, a per-request timeout, capped bodies, TLS
 * verified unless --insecure, and redirects never followed (a Location is evidence, not a hop, so
 * the probe cannot be walked to another origin).
 */
export class ProbeHttp {
  readonly #agent: Agent;
  readonly #limits: HttpLimits;
  readonly #signal: AbortSignal;
  count = 0;
  /** Every request sent, answered or not, in order (one per `count`). */
  readonly sent: Array<Exchange | FailedRequest> = [];

  constructor(limits: HttpLimits, signal: AbortSignal) {
    this.#limits = limits;
    this.#signal = signal;
    this.#agent = new Agent({ connect: { rejectUnauthorized: !limits.insecure }, keepAliveTimeout: 2000 });
  }

  async send(step: string, req: ProbeRequest): Promise<Exchange> {
    if (this.count >= this.#limits.maxRequests) {
      throw new SessctlError(
        'SESSCTL_TARGET_UNREACHABLE',
        `request budget of ${this.#limits.maxRequests} used up before step ${step}`,
        { hint: 'raise --max-requests' },
      );
    }
    this.count++;
    const headers = { 'user-agent': 'sessctl-probe/1', ...req.headers };
    const sentRequest = {
      method: req.method,
      url: req.url,
      headers,
      ...(req.body === undefined ? {} : { body: req.body }),
      ...(req.redactedBody === undefined ? {} : { redactedBody: req.redactedBody }),
    };
    const startedAt = Date.now();
    const started = performance.now();
    const timeout = timeoutSignal(this.#signal, this.#limits.timeoutMs);
    const signal = timeout.signal;
    try {
      const res = await request(req.url, {
        method: req.method as 'GET',
        headers,
        body: req.body,
        dispatcher: this.#agent,
        signal,
      });
      const waitMs = performance.now() - started;
      const { text, truncated } = await readCapped(res.body, this.#limits.maxBodyBytes);
      const raw = res.headers as Record<string, string | string[] | undefined>;
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k] = v;
      const sc = raw['set-cookie'];
      const setCookies = (sc === undefined ? [] : Array.isArray(sc) ? sc : [sc]).map((s) => parseSetCookie(s));
      const ex: Exchange = {
        step,
        request: sentRequest,
        response: { status: res.statusCode, headers: out, setCookies, body: text, truncated },
        ms: performance.now() - started,
        startedAt,
        waitMs,
      };
      this.sent.push(ex);
      return ex;
    } catch (cause) {
      const err = this.#describe(cause, step, req);
      this.sent.push({ step, request: sentRequest, error: err.message, ms: performance.now() - started, startedAt });
      throw err;
    } finally {
      timeout.clear();
    }
  }

  #describe(cause: unknown, step: string, req: ProbeRequest): SessctlError {
    const origin = new URL(req.url).origin;
    if (this.#signal.aborted)
      return new SessctlError('SESSCTL_ABORTED', `probe aborted during step ${step}`, { cause });
    const e = cause as { code?: string; name?: string; message?: string };
    if (
      e?.name === 'TimeoutError' ||
      cause instanceof undiciErrors.HeadersTimeoutError ||
      cause instanceof undiciErrors.BodyTimeoutError
    ) {
      return new SessctlError(
        'SESSCTL_TIMEOUT',
        `${origin} did not answer ${req.method} within ${this.#limits.timeoutMs} ms (step ${step})`,
        { cause, hint: 'raise --timeout, or check the target' },
      );
    }
    const why =
      e?.code === 'ECONNREFUSED'
        ? 'connection refused'
        : e?.code === 'ENOTFOUND'
          ? 'host not found'
          : /certificate|self.signed/i.test(e?.message ?? '')
            ? `TLS: ${e?.message}`
            : (e?.message ?? String(cause));
    return new SessctlError('SESSCTL_TARGET_UNREACHABLE', `cannot reach ${origin}: ${why}`, {
      cause,
      hint: /TLS/.test(why)
        ? 'pass --insecure for a self-signed certificate'
        : 'check the URL and that the server is running',
    });
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): void },
  max: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > max) {
      body.destroy();
      return { text: Buffer.concat(chunks).subarray(0, max).toString('utf8'), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}
