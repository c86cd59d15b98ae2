import { createHash } from 'node:crypto';
import { SessctlError } from '../errors.js';
import { registerSecret } from '../redact.js';
import { csrfToken } from './csrf-token.js';
import { ProbeHttp, type Exchange, type ProbeRequest } from './http-client.js';
import { PROBE_DEFAULTS, type ProbeOptions } from './options.js';
import { redactEvidence } from './redact-evidence.js';
import { CSRF_PLACEHOLDER, parseRecipe, withCsrfToken, type RequestRecipe } from './request-recipe.js';
import type { SetCookie } from '../http-cookie.js';
import { StoreTracker } from './store-tracker.js';
import type { Evidence, StepRecord } from './types.js';

export interface Credentials {
  cookie?: string;
  headerToken?: string;
  bodyToken?: string;
}

type Resolved = ProbeOptions & typeof PROBE_DEFAULTS;

/**
 * The probe's side of the conversation: what it was told (options, target, --login), and the one
 * way to send: recorded, budgeted, its secrets learned and redacted, its store keys counted. It
 * knows nothing of the learned model except the session cookie's name, which it presents
 * credentials under.
 */
export class ProbeClient {
  readonly options: Resolved;
  readonly target: URL;
  readonly stateUrl: URL;
  readonly origin: string;
  readonly signal: AbortSignal;
  readonly exchanges: Exchange[] = [];
  readonly secrets = new Set<string>();
  /** The cookie that carries the session: set once by the learner (or the HAR replay), null when none. */
  sessionCookie: string | null = null;
  /** The --login request, parsed; its body's string values are secrets from the start. */
  readonly login: RequestRecipe | undefined;
  readonly http: ProbeHttp;
  readonly store: StoreTracker | undefined;
  readonly #once = new Map<string, Promise<unknown>>();
  lastRequestEnd = 0;

  private constructor(options: Resolved, signal: AbortSignal, store: StoreTracker | undefined) {
    this.options = options;
    this.target = new URL(options.url);
    this.stateUrl = new URL(options.stateUrl ?? options.url);
    this.origin = options.origin ?? deriveOrigin(this.target);
    this.signal = signal;
    this.http = new ProbeHttp(
      {
        timeoutMs: options.timeoutMs,
        maxBodyBytes: options.maxBodyBytes,
        maxRequests: options.maxRequests,
        insecure: options.insecure ?? false,
      },
      signal,
    );
    this.store = store;
    this.login = options.login === undefined ? undefined : parseRecipe(options.login, this.target, '--login');
    for (const s of this.login?.secrets ?? []) this.addSecret(s);
  }

  static async open(options: ProbeOptions, signal: AbortSignal): Promise<ProbeClient> {
    const resolved = { ...PROBE_DEFAULTS, ...stripUndefined(options) } as Resolved;
    const store = options.store ? await StoreTracker.open(options.store, options.storePrefix) : undefined;
    return new ProbeClient(resolved, signal, store);
  }

  get tokenHeader(): string {
    return this.options.tokenHeader;
  }

  /** The scheme before the token in the token header: `Bearer` for Authorization unless --token-scheme says otherwise. */
  get tokenScheme(): string {
    return this.options.tokenScheme ?? (this.tokenHeader.toLowerCase() === 'authorization' ? 'Bearer' : '');
  }

  /** The token a request carried in the token header (scheme removed), else in the JSON body field. */
  sentToken(ex: Exchange): { via: 'header' | 'body'; token: string } | undefined {
    const h = ex.request.headers[this.tokenHeader.toLowerCase()];
    if (h !== undefined) return { via: 'header', token: this.#unscheme(h) };
    if (ex.request.body === undefined || !/json/i.test(ex.request.headers['content-type'] ?? '')) return undefined;
    try {
      const v = (JSON.parse(ex.request.body) as Record<string, unknown>)?.[this.options.tokenField];
      return typeof v === 'string' ? { via: 'body', token: v } : undefined;
    } catch {
      return undefined;
    }
  }

  #unscheme(value: string): string {
    const scheme = this.tokenScheme;
    return scheme && value.toLowerCase().startsWith(`${scheme.toLowerCase()} `)
      ? value.slice(scheme.length + 1).trim()
      : value;
  }

  /** Sends one request, records it, learns its secrets and, with --store, the keys it created. */
  async send(step: string, req: ProbeRequest): Promise<Exchange> {
    await this.store?.before();
    const ex = await this.http.send(step, req);
    this.lastRequestEnd = Date.now();
    const ids: string[] = [];
    for (const c of ex.response.setCookies) if (c.value) ids.push(c.value);
    const token = this.tokenOf(ex);
    if (token) ids.push(token);
    for (const id of ids) this.addSecret(id);
    if (this.store) {
      const { created, removed } = await this.store.after(step, ids);
      ex.newKeys = created;
      ex.removedKeys = removed;
    }
    this.exchanges.push(ex);
    this.options.onStep?.(step);
    return ex;
  }

  /** Runs `fn` once per key: checks share requests (one preflight serves several checks). */
  once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let p = this.#once.get(key) as Promise<T> | undefined;
    if (!p) this.#once.set(key, (p = fn()));
    return p;
  }

  /** A request to the state endpoint presenting the given credentials, nothing else. */
  sendState(step: string, creds: Credentials): Promise<Exchange> {
    return this.sendAs(step, creds.bodyToken === undefined ? 'GET' : 'POST', this.stateUrl.href, creds);
  }

  /** A request presenting the credentials as the model names them: cookie, token header, JSON body token. */
  sendAs(step: string, method: string, url: string, creds: Credentials): Promise<Exchange> {
    const headers = this.#credentialHeaders(creds);
    if (creds.bodyToken === undefined) return this.send(step, { method, url, headers });
    headers['content-type'] = 'application/json';
    return this.send(step, {
      method,
      url,
      headers,
      body: JSON.stringify({ [this.options.tokenField]: creds.bodyToken }),
    });
  }

  /**
   * A --login/--logout request presenting the credentials (cookie, token header), with the recipe's
   * body. A form with a `{csrf}` field is posted as a browser posts it after loading the page: a GET
   * of the same URL first, its token in the field and its cookies (the CSRF cookie, a pre-login
   * session) sent along.
   */
  async sendRecipe(step: string, recipe: RequestRecipe, creds: Credentials): Promise<Exchange> {
    if (recipe.body === undefined) return this.sendAs(step, recipe.method, recipe.url.href, creds);
    const pageCookies = new Map<string, string>();
    let body = { body: recipe.body, redactedBody: recipe.redactedBody };
    if (recipe.csrfField !== undefined) {
      const page = await this.sendAs(`${step}-page`, 'GET', recipe.url.href, creds);
      for (const c of page.response.setCookies) if (!c.deletion) pageCookies.set(c.name, c.value);
      const token = csrfToken(page.response.body, recipe.csrfField);
      if (token === undefined) {
        throw new SessctlError(
          'SESSCTL_TARGET_REFUSED',
          `the login page GET ${recipe.url.pathname}${recipe.url.search} (status ${page.response.status}) has no ${recipe.csrfField} field or csrf-token meta tag to take ${CSRF_PLACEHOLDER} from`,
          {
            hint: 'name the form field that carries the token, as the login form does',
          },
        );
      }
      this.addSecret(token);
      body = withCsrfToken(recipe, token);
    }
    const headers = {
      ...this.#credentialHeaders(creds, pageCookies),
      'content-type': recipe.contentType ?? 'application/json',
    };
    return this.send(step, {
      method: recipe.method,
      url: recipe.url.href,
      headers,
      body: body.body,
      ...(body.redactedBody === undefined ? {} : { redactedBody: body.redactedBody }),
    });
  }

  /**
   * Cookie and token headers for the credentials. `pageCookies` (what a login page set) go along, and
   * a session cookie among them wins over the one presented, as in a browser's jar.
   */
  #credentialHeaders(creds: Credentials, pageCookies = new Map<string, string>()): Record<string, string> {
    const headers: Record<string, string> = {};
    const jar = new Map<string, string>();
    if (creds.cookie !== undefined && this.sessionCookie) jar.set(this.sessionCookie, creds.cookie);
    for (const [name, value] of pageCookies) jar.set(name, value);
    if (jar.size) headers.cookie = [...jar].map(([n, v]) => `${n}=${v}`).join('; ');
    if (creds.headerToken !== undefined)
      headers[this.tokenHeader.toLowerCase()] = this.tokenScheme
        ? `${this.tokenScheme} ${creds.headerToken}`
        : creds.headerToken;
    return headers;
  }

  addSecret(value: string): void {
    if (value.length < 4) return;
    this.secrets.add(value);
    registerSecret(value);
  }

  evidence(ex: Exchange | undefined): Evidence | null {
    return ex ? redactEvidence(ex, this.secrets, this.tokenHeader) : null;
  }

  /** The session cookie this response sets (deletions excluded), by the learned name. */
  sessionSetCookie(ex: Exchange): SetCookie | undefined {
    const name = this.sessionCookie;
    return name === null
      ? undefined
      : ex.response.setCookies.filter((c) => c.name === name && !c.deletion && c.value).pop();
  }

  /** A token the response hands to API clients: the token header, else the JSON body field. */
  tokenOf(ex: Exchange): string | undefined {
    const h = ex.response.headers[this.tokenHeader.toLowerCase()];
    const fromHeader = Array.isArray(h) ? h[0] : h;
    if (fromHeader) return this.#unscheme(fromHeader);
    if (!/json/i.test(String(ex.response.headers['content-type'] ?? ''))) return undefined;
    try {
      const v = (JSON.parse(ex.response.body) as Record<string, unknown>)?.[this.options.tokenField];
      return typeof v === 'string' && v ? v : undefined;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.http.close(), this.store?.close()]);
  }

  stepRecords(): StepRecord[] {
    return this.exchanges.map((ex) => ({
      step: ex.step,
      method: ex.request.method,
      url: ex.request.url,
      status: ex.response.status,
      ...(ex.newKeys ? { keysCreated: ex.newKeys.length } : {}),
    }));
  }
}

/** Body fingerprint: identical bodies, identical state. */
export function fingerprint(ex: Exchange): string {
  return createHash('sha256').update(`${ex.response.status}\n${ex.response.body}`).digest('base64url').slice(0, 16);
}

/** A cross-origin origin no allowlist contains; --origin gives the real front-end origin. */
export function deriveOrigin(target: URL): string {
  return `${target.protocol}//sessctl-probe.example`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
