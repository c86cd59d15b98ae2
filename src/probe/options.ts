import { PROBE_SPEC } from '../options/probe.js';
import type { Exchange, FailedRequest } from './http-client.js';

/** What --save-har needs: the requests in order and what to redact in them. */
export interface ProbeRequestLog {
  sent: ReadonlyArray<Exchange | FailedRequest>;
  /** Session ids, tokens and forged ids the probe saw or made. */
  secrets: ReadonlySet<string>;
  tokenHeader: string;
}

import type { Mechanism } from '../options/probe.js';
export type { Mechanism };

/** What `probe()` takes; the CLI maps flags onto it, tests call it directly. */
export interface ProbeOptions {
  url: string;
  /** Override the learned session cookie name. */
  sessionCookie?: string;
  /** Header carrying a session token (default X-Auth-Token). */
  tokenHeader?: string;
  /**
   * Scheme before the token in the token header, e.g. `Bearer` (`Authorization: Bearer <token>`).
   * Default: `Bearer` when the token header is Authorization, none otherwise; '' sends the bare token.
   */
  tokenScheme?: string;
  /** JSON body field carrying a session token (default token). */
  tokenField?: string;
  /** Endpoint whose response shows session state; session steps go there instead of `url`. */
  stateUrl?: string;
  /** Origin sent on preflights (default: a derived cross-origin origin). */
  origin?: string;
  /** The request that logs out, `[METHOD] PATH-OR-URL` (e.g. `POST /logout`): SESS-LOGOUT replays the old session after it. */
  logout?: string;
  /**
   * The request that logs in, `[METHOD] PATH-OR-URL [BODY]` (e.g. `POST /login {"user":"demo","password":"demo"}`,
   * or a form: `POST /login user=demo&password=demo`, where a field set to `{csrf}` takes the login page's token):
   * sessions come from it when anonymous requests get none, SESS-FIXATION checks the id changes at login.
   * Every string value in the body is a secret, redacted in every output.
   */
  login?: string;
  /** Expected session TTL: the probe waits it out and checks the session is gone. */
  ttlMs?: number;
  /** Store URL: count the keys each step creates. */
  store?: string;
  /** Only count store keys under this prefix (default: learned from the first session key). */
  storePrefix?: string;
  /** HAR 1.2 file to replay instead of the built-in steps. */
  har?: string;
  /** Mechanisms the app is meant to support: not persisting is then a finding, not a skip. */
  expect?: Mechanism[];
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxRequests?: number;
  insecure?: boolean;
  /** Called after each HAR entry or step (progress on a TTY). */
  onStep?: (step: string) => void;
  /** Called once at the end, even when the probe fails, with every request sent and the secrets seen (--save-har). */
  onRequests?: (sent: ProbeRequestLog) => void;
  /** Test hook: how the TTL wait sleeps. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** What the probe does when an option is not given: the defaults of `sessctl probe`'s flags. */
export const PROBE_DEFAULTS = {
  tokenHeader: PROBE_SPEC.tokenHeader.default,
  tokenField: PROBE_SPEC.tokenField.default,
  timeoutMs: PROBE_SPEC.timeoutMs.default,
  maxBodyBytes: PROBE_SPEC.maxBodyBytes.default,
  maxRequests: PROBE_SPEC.maxRequests.default,
};
