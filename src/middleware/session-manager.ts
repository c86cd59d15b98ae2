import { decodeEnvelope, encodeEnvelope } from '../frameworks/sessctl.js';
import { serializeCookie } from './cookie.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { planCommit, type CommitPlan } from './plan.js';
import { isPreflight } from './preflight.js';
import { Session, type SessionHost } from './session.js';
import { generateSessionId } from './session-id.js';
import { withStoreTimeout } from './timeout.js';
import { identify, signerFor } from './identify.js';
import { RefreshLog } from './refresh-log.js';
import type { RequestFacts, ResponseEffects, SessionData, SessionOptions } from './types.js';

/** The framework-free core every adapter drives: load at the start of a request, commit before the response. */
export interface SessionManager<D extends object = SessionData> {
  readonly options: ResolvedOptions;
  /** A CORS preflight: the adapter gives it an inert session and never calls load or commit. */
  isPreflight(facts: RequestFacts): boolean;
  /** Identifies the client and loads its session; unknown, forged or malformed ids give an empty new session. */
  load(facts: RequestFacts): Promise<Session<D>>;
  /** A session that is never stored (for preflights): writes to it are dropped. */
  inert(): Session<D>;
  /** Writes, touches or deletes as needed and says which headers the response gets (`plan`: one just made by plan(session), to reuse). */
  commit(session: Session<D>, secureRequest: boolean, plan?: CommitPlan): Promise<ResponseEffects>;
  /** The plan commit would carry out, without IO (for tests and diagnostics). */
  plan(session: Session<D>): CommitPlan;
  /** The response headers of the current plan, without IO: for adapters whose app flushes headers before the end. */
  effects(session: Session<D>, secureRequest: boolean, plan?: CommitPlan): ResponseEffects;
}

/** Builds the core from options; validation errors are thrown here, at start-up. */
export function createSessionManager<D extends object = SessionData>(input: SessionOptions = {}): SessionManager<D> {
  const o = resolveOptions(input);
  const { store } = o;
  const refreshed = new RefreshLog();
  // A framework may run its send hook twice (an error in it re-sends); the store work happens once.
  const committed = new WeakMap<Session<D>, ResponseEffects>();
  const timed = <T>(op: string, run: () => Promise<T>) => withStoreTimeout(op, store.name, o.storeTimeoutMs, run);
  const signer = o.secrets.length ? signerFor(o.secrets) : undefined;
  const wire = (id: string) => (signer ? signer.sign(id) : id);
  const host: SessionHost = {
    newId: generateSessionId,
    wire,
    now: o.now,
    destroy: (id) => timed('destroy', () => store.destroy(id)),
  };
  const planOptions = {
    ttlMs: o.ttlMs,
    rolling: o.rolling,
    touchAfterMs: o.touchAfterMs,
    persistentCookie: o.cookie.persistent,
  };

  function plan(s: Session<D>): CommitPlan {
    const stored = s.storedId !== undefined;
    const refreshedAt = stored && !store.capabilities.ttl ? refreshed.get(s.storedId!) : undefined;
    return planCommit(
      {
        stored,
        dropped: s.dropped,
        empty: s.isEmpty(),
        changed: JSON.stringify(s.data) !== s.loadedJson,
        transport: s.transport,
        resign: stored && s.loaded.resign === true,
        remainingTtlMs: stored ? s.loaded.ttlMs : undefined,
        sinceRefreshMs: refreshedAt === undefined ? undefined : o.now() - refreshedAt,
      },
      planOptions,
    );
  }

  function effects(s: Session<D>, secureRequest: boolean, p = plan(s)): ResponseEffects {
    if (s.inert) return {};
    const out: ResponseEffects = {};
    const id = s.commitId();
    if (p.cookie === 'set' && id !== undefined) {
      out.setCookie = serializeCookie(
        o.cookie,
        wire(id),
        secureRequest,
        o.cookie.persistent ? Math.floor(o.ttlMs / 1000) : undefined,
      );
    } else if (p.cookie === 'clear') {
      out.setCookie = serializeCookie(o.cookie, '', secureRequest, 0);
    }
    if (p.token && id !== undefined && o.header) out.token = [o.header, wire(id)];
    return out;
  }

  return {
    options: o,
    isPreflight,
    inert: () => new Session<D>(undefined, { transport: 'none' }),
    plan,

    async load(facts) {
      let { transport, id, resign } = identify(facts, o);
      // The body is read only when neither an authentic cookie nor a token header decided.
      if (id === undefined && transport !== 'header' && o.bodyField && facts.body === undefined && facts.readBody) {
        const body = await facts.readBody();
        ({ transport, id, resign } = identify({ ...facts, header: facts.header, body }, o));
      }
      if (id === undefined) return new Session<D>(host, { transport });
      const found = await timed('get', () => store.get(id));
      const envelope = found && decodeEnvelope(found.payload.toString('utf8'));
      // A miss, or bytes that are not our envelope, is never adopted: the session starts empty and new.
      if (!found || !envelope) return new Session<D>(host, { transport });
      return new Session<D>(host, {
        transport,
        storedId: id,
        data: envelope.data,
        createdAt: envelope.createdAt,
        ttlMs: found.ttlMs,
        resign,
      });
    },

    async commit(s, secureRequest, p = plan(s)) {
      if (s.inert) return {};
      const already = committed.get(s);
      if (already) return already;
      if (p.delete) {
        await timed('destroy', () => store.destroy(s.storedId!));
        refreshed.delete(s.storedId!);
      } else if (p.write) {
        const id = s.commitId()!;
        const payload = Buffer.from(encodeEnvelope(s.data as Record<string, unknown>, s.createdAt ?? o.now()));
        await timed('set', () => store.set(id, payload, o.ttlMs));
        refreshed.set(id, o.now());
      } else if (p.touch) {
        await timed('touch', () => store.touch(s.storedId!, o.ttlMs));
        refreshed.set(s.storedId!, o.now());
      }
      const out = effects(s, secureRequest, p);
      committed.set(s, out);
      return out;
    },

    effects,
  };
}
