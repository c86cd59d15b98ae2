import { STATUS_CODES } from 'node:http';
import { cookiePairs, type SetCookie } from '../http-cookie.js';
import { redactValue } from '../redact.js';
import type { Har, HarCookie, HarEntry } from './har-types.js';
import type { Exchange, FailedRequest } from './http-client.js';
import type { ProbeRequestLog } from './options.js';
import { isHarmlessHeader } from './harmless-headers.js';
import { redactCookiePairs, redactSetCookie, redactText } from './redact-evidence.js';

export type { Har, HarEntry } from './har-types.js';

/**
 * The requests a probe made, as HAR 1.2 that `--har` replays and browsers' tools open. Unless
 * `showSecrets`, every session id, token and cookie value is replaced by `<redacted N chars #hash>`
 * (the hash still shows which requests shared a value), wherever it appears: headers, URL, bodies;
 * and so is every header value not on the harmless list (harmless-headers.ts).
 */
export function buildHar(log: ProbeRequestLog, options: { version: string; showSecrets: boolean }): Har {
  const r = redactor(log, options.showSecrets);
  return {
    log: {
      version: '1.2',
      creator: { name: 'sessctl', version: options.version },
      comment: options.showSecrets
        ? 'sessctl probe --save-har --show-secrets: this file holds live session ids and tokens'
        : 'sessctl probe --save-har: session ids, tokens and cookie values are redacted (--show-secrets keeps them)',
      entries: log.sent.map((x) => entry(x, r)),
    },
  };
}

export function renderHar(har: Har): string {
  return `${JSON.stringify(har, null, 2)}\n`;
}

interface Redactor {
  text(s: string): string;
  /** URLs keep parsing: the redaction is percent-encoded (its `#` would start a fragment). */
  url(s: string): string;
  requestHeader(name: string, value: string): string;
  responseHeader(name: string, value: string): string;
  value(s: string): string;
  /** A form body is URL-encoded too: its redactions are percent-encoded like a URL's; a login body shows its redacted form. */
  body(body: string, redacted: string | undefined, contentType: string | undefined): string;
}

function redactor(log: ProbeRequestLog, show: boolean): Redactor {
  const same = (s: string) => s;
  if (show)
    return {
      text: same,
      url: same,
      requestHeader: (_n, v) => v,
      responseHeader: (_n, v) => v,
      value: same,
      body: same,
    };
  const token = log.tokenHeader.toLowerCase();
  const text = (s: string) => redactText(s, log.secrets);
  const value = (s: string) => (s === '' ? s : redactValue(s));
  const url = (s: string) => redactText(s, log.secrets, (v) => encodeURIComponent(redactValue(v)));
  return {
    text,
    url,
    value,
    body: (b, redacted, type) =>
      redacted !== undefined ? text(redacted) : /urlencoded/i.test(type ?? '') ? url(b) : text(b),
    // Only headers known to be harmless keep their value; any other (X-Api-Key…) may be a credential.
    requestHeader: (name, v) =>
      name === 'cookie'
        ? redactCookiePairs(v)
        : name === token || !isHarmlessHeader(name)
          ? value(v)
          : name === 'referer'
            ? url(v)
            : text(v),
    responseHeader: (name, v) =>
      name === 'set-cookie'
        ? redactSetCookie(v)
        : name === token || !isHarmlessHeader(name)
          ? value(v)
          : name === 'location'
            ? url(v)
            : text(v),
  };
}

function entry(x: Exchange | FailedRequest, r: Redactor): HarEntry {
  const req = x.request;
  const url = r.url(req.url);
  const headers = Object.entries(req.headers).map(([name, v]) => ({
    name,
    value: r.requestHeader(name.toLowerCase(), v),
  }));
  const contentType = Object.entries(req.headers).find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  const request: HarEntry['request'] = {
    method: req.method,
    url,
    httpVersion: 'HTTP/1.1',
    cookies: requestCookies(req.headers, r),
    headers,
    queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
    ...(req.body === undefined
      ? {}
      : {
          postData: {
            mimeType: contentType ?? 'application/octet-stream',
            text: r.body(req.body, req.redactedBody, contentType),
          },
        }),
    headersSize: -1,
    bodySize: req.body === undefined ? 0 : Buffer.byteLength(req.body),
  };
  const startedDateTime = new Date(x.startedAt).toISOString();
  if ('error' in x) {
    const wait = round(x.ms);
    return {
      startedDateTime,
      time: wait,
      request,
      response: {
        status: 0,
        statusText: '',
        httpVersion: '',
        cookies: [],
        headers: [],
        content: { size: 0, mimeType: 'x-unknown' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
        _error: r.text(x.error),
      },
      cache: {},
      timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive: 0 },
      _step: x.step,
    };
  }
  const res = x.response;
  const resHeaders = Object.entries(res.headers).flatMap(([name, v]) =>
    (Array.isArray(v) ? v : [v]).map((value) => ({ name, value: r.responseHeader(name.toLowerCase(), value) })),
  );
  const header = (name: string) => resHeaders.find((h) => h.name.toLowerCase() === name)?.value;
  const size = Buffer.byteLength(res.body);
  const wait = round(x.waitMs);
  const receive = round(Math.max(0, x.ms - x.waitMs));
  return {
    startedDateTime,
    time: round(wait + receive),
    request,
    response: {
      status: res.status,
      statusText: STATUS_CODES[res.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: res.setCookies.map((c) => responseCookie(c, r)),
      headers: resHeaders,
      content: {
        size,
        mimeType: header('content-type') ?? 'x-unknown',
        text: r.text(res.body),
        ...(res.truncated ? { comment: `truncated at ${size} bytes (--max-body)` } : {}),
      },
      redirectURL: header('location') ?? '',
      headersSize: -1,
      bodySize: res.truncated ? -1 : size,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive },
    _step: x.step,
    ...(x.newKeys ? { _keysCreated: x.newKeys.length } : {}),
  };
}

function requestCookies(headers: Record<string, string>, r: Redactor): HarCookie[] {
  const cookie = Object.entries(headers).find(([n]) => n.toLowerCase() === 'cookie')?.[1];
  if (!cookie) return [];
  // Every pair, duplicates included: the HAR shows what was sent, not what a server would pick.
  return cookiePairs(cookie).flatMap(({ name, value }) => (name ? [{ name, value: r.value(value) }] : []));
}

function responseCookie(c: SetCookie, r: Redactor): HarCookie {
  return {
    name: c.name,
    value: r.value(c.value),
    ...(c.path === undefined ? {} : { path: c.path }),
    ...(c.domain === undefined ? {} : { domain: c.domain }),
    ...(c.expires === undefined ? {} : { expires: new Date(c.expires).toISOString() }),
    httpOnly: c.httpOnly,
    secure: c.secure,
    ...(c.sameSite === undefined ? {} : { sameSite: c.sameSite }),
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
