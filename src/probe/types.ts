import type { Severity } from '../severity.js';
import type { FrameworkHint } from './framework-hint.js';

/** Stable check ids (DESIGN.md "Check ids"): SARIF ruleIds and JUnit test names. */
export const CHECK_IDS = [
  'SESS-PREFLIGHT-MINT',
  'SESS-PREFLIGHT-STATUS',
  'SESS-ANON-MINT',
  'SESS-COOKIE-PERSIST',
  'SESS-HEADER-PERSIST',
  'SESS-BODY-PERSIST',
  'SESS-PRECEDENCE',
  'SESS-API-NO-COOKIE',
  'SESS-TTL',
  'SESS-FIXATION',
  'SESS-LOGOUT',
  'SESS-ID-IN-URL',
  'SESS-ENTROPY',
  'COOKIE-SECURE',
  'COOKIE-HTTPONLY',
  'COOKIE-SAMESITE-MISSING',
  'COOKIE-SAMESITE-INVALID',
  'COOKIE-SAMESITE-NONE-INSECURE',
  'COOKIE-PREFIX-INVALID',
  'COOKIE-DOMAIN-LOOSE',
  'COOKIE-LIFETIME',
  'COOKIE-CACHEABLE',
  'CORS-REFLECT-ANY',
  'CORS-NULL',
  'CORS-PREFIX',
  'CORS-SUFFIX',
  'CORS-SUBDOMAIN-ANY',
  'CORS-HTTP-ORIGIN',
  'CORS-WILDCARD-CREDS',
  'CORS-VARY',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * `unknown` extends the design's pass|fail|skip|error: the check ran but the target's responses do
 * not depend on the session, so nothing can be claimed either way (never reported as pass).
 */
export type CheckStatus = 'pass' | 'fail' | 'skip' | 'unknown' | 'error';

export type Persistence = 'persists' | 'not-persisted' | 'unknown';

/**
 * `issued`: the token the server handed out (in a response header or JSON body at creation or
 * login, or the cookie's id) brings the session back. `client-chosen`: a token the client made up
 * gets its own session, and the same token brings it back.
 */
export type TokenKind = 'issued' | 'client-chosen' | 'unknown';

/**
 * Key templates relating what the client sent to the store key of its session (only with --store):
 * `{id}` is the cookie's id, `{token}` the token, `{md5(token)}` etc. their hex digests.
 */
export type StoreKeys = Partial<Record<'cookie' | 'headerToken' | 'bodyToken', string>>;

export interface ProbeModel {
  /** The cookie that carries the session, learned (or --session-cookie); null when none was seen. */
  sessionCookie: string | null;
  cookie: Persistence;
  headerToken: Persistence;
  bodyToken: Persistence;
  precedence: 'cookie' | 'header' | 'unknown';
  /** Whether the token sessions persist with a token the server issued or one the client chose. */
  tokenKind: TokenKind;
  /** With --store: the key layout of each mechanism's sessions; null without --store. */
  storeKeys: StoreKeys | null;
  /** The --ttl the probe verified the session to be gone after; null when not checked or not gone. */
  ttlS: number | null;
  /** Where the learner read session state from. */
  stateFrom: 'body' | 'set-cookie' | 'none';
  /** Whether a request without credentials gets a fresh session. */
  anonymousMints: boolean;
  /** Where the sessions the checks ran on came from: anonymous requests, the --login request, a replayed HAR, or nowhere. */
  sessionsFrom: 'anonymous' | 'login' | 'har' | 'none';
  /** The session layer the cookie name or store key prefix names (fixes are worded for it); null when neither tells. */
  framework: FrameworkHint | null;
}

/** Headers only, secrets already redacted. */
export interface Evidence {
  step: string;
  request: { method: string; url: string; headers: Record<string, string> };
  response: { status: number; headers: Record<string, string | string[]> } | null;
}

export interface Finding {
  id: CheckId;
  severity: Severity;
  title: string;
  /** What was seen, in one sentence (redacted). */
  message: string;
  /** What to change, worded for the detected framework when the probe could tell it (model.framework). */
  fix: string;
  /** The check's docs entry. */
  docs: string;
  evidence: Evidence | null;
}

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** Why it passed, was skipped, is unknown or errored (findings carry their own message). */
  reason?: string;
}

export interface StepRecord {
  step: string;
  method: string;
  url: string;
  status: number | null;
  /** Session keys this step created in the store (only with --store). */
  keysCreated?: number;
}

export interface HarEntryResult {
  index: number;
  method: string;
  url: string;
  preflight: boolean;
  status: number | null;
  /** A new session cookie or token appeared in the response. */
  minted: boolean;
  keysCreated?: number;
  skipped?: string;
}

export interface ProbeReport {
  schema: 'sessctl-probe/1';
  target: string;
  complete: boolean;
  model: ProbeModel;
  checks: CheckResult[];
  findings: Finding[];
  steps: StepRecord[];
  requests: number;
  durationMs: number;
  /** keysRemoved lists only the steps that removed keys (a logout that deletes its session). */
  store?: {
    url: string;
    prefix: string | null;
    keysCreated: Record<string, number>;
    keysRemoved?: Record<string, number>;
  };
  har?: { file: string; entries: HarEntryResult[]; sanitized: boolean };
  /** Why the probe is incomplete, one line per problem. */
  errors: string[];
  /** What to try next when the session checks could not run, e.g. a --login with the login route the target showed. */
  hints: string[];
}
