import type { HarRequest } from './har-file.js';

/** HAR 1.2 as --save-har writes it; the request extends what --har reads (har-file.ts). */
export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarCookie extends HarNameValue {
  path?: string;
  domain?: string;
  expires?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
}

/** One HAR 1.2 entry (http://www.softwareishard.com/blog/har-12-spec/); `_` fields are sessctl's own. */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: HarRequest & {
    httpVersion: string;
    cookies: HarCookie[];
    queryString: HarNameValue[];
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarCookie[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
    /** Why there is no response (Chrome's field for failed requests). */
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: -1; dns: -1; connect: -1; ssl: -1; send: number; wait: number; receive: number };
  /** The probe step that sent it, e.g. `preflight` or `har#2 POST /api/me`. */
  _step: string;
  _keysCreated?: number;
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; comment: string; entries: HarEntry[] };
}
