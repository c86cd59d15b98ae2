import type { SessionData, Transport } from './types.js';

/** What a Session needs from its manager: the store (behind timeouts), ids and the wire format. */
export interface SessionHost {
  newId(): string;
  wire(id: string): string;
  destroy(id: string): Promise<void>;
  now(): number;
}

/** How a session was loaded; the manager's commit reads it back. */
export interface LoadedState {
  transport: Transport;
  /** The id whose key exists in the store, when the request presented a known one. */
  storedId?: string | undefined;
  data?: Record<string, unknown>;
  createdAt?: number | undefined;
  /** Remaining TTL reported by the store at load, ms. */
  ttlMs?: number | undefined;
  /** The cookie was signed with an older secret. */
  resign?: boolean | undefined;
}

/**
 * One request's session. It is lazy: it has no id, and nothing is stored or cookied, until it
 * holds a value. Mutate `data` freely (nested objects too); commit compares it with what was
 * loaded, so no `save()` or `touch()` calls are needed.
 */
export class Session<D extends object = SessionData> {
  /** The session's values. Setting any value creates the session at the end of the request. */
  data: Partial<D>;
  /** How the client identified itself: it gets its id back the same way (cookie or token header). */
  readonly transport: Transport;
  /** True for the stand-in session of a preflight: nothing it holds is ever stored. */
  readonly inert: boolean;
  /** @internal */ readonly loaded: LoadedState;
  /** @internal */ readonly loadedJson: string;
  /** @internal */ storedId: string | undefined;
  /** @internal */ dropped = false;
  /** @internal */ createdAt: number | undefined;
  #id: string | undefined;
  readonly #host: SessionHost | undefined;

  /** @internal Sessions are made by the middleware; `host` undefined makes an inert one (preflights). */
  constructor(host: SessionHost | undefined, loaded: LoadedState) {
    this.#host = host;
    this.inert = host === undefined;
    this.loaded = loaded;
    this.transport = loaded.transport;
    this.data = (loaded.data ?? {}) as Partial<D>;
    this.loadedJson = JSON.stringify(this.data);
    this.storedId = loaded.storedId;
    this.#id = loaded.storedId;
    this.createdAt = loaded.createdAt;
  }

  /**
   * The session id: undefined until the session holds a value (reading it then mints the id that
   * commit will store). Never an id the client chose.
   */
  get id(): string | undefined {
    if (this.#id === undefined && this.#host && !this.isEmpty()) {
      this.#id = this.#host.newId();
      this.createdAt = this.#host.now();
    }
    return this.#id;
  }

  /**
   * What a token client sends back in the token header or body field: the id, signed when the
   * middleware has a `secret`. Return it in your login response; the middleware also sets it as
   * the token response header whenever it is new or rotated for a token client.
   */
  get token(): string | undefined {
    const id = this.id;
    return id === undefined || !this.#host ? undefined : this.#host.wire(id);
  }

  /** True for a session the client did not present (or presented unknown to the store). */
  get isNew(): boolean {
    return this.storedId === undefined;
  }

  get<K extends keyof D>(key: K): D[K] | undefined {
    return this.data[key];
  }

  set<K extends keyof D>(key: K, value: D[K]): this {
    this.data[key] = value;
    return this;
  }

  delete(key: keyof D): this {
    delete this.data[key];
    return this;
  }

  /** Same data under a new id (call it on login, against fixation). The old key is deleted now. */
  async regenerate(): Promise<void> {
    if (!this.#host) return;
    await this.#dropStored();
    this.#id = this.isEmpty() ? undefined : this.#host.newId();
    this.createdAt = this.#id === undefined ? undefined : this.#host.now();
  }

  /** Deletes the key now and clears the cookie at the end of the request. Setting a value afterwards starts a new session. */
  async destroy(): Promise<void> {
    if (!this.#host) return;
    await this.#dropStored();
    this.data = {};
    this.#id = undefined;
    this.createdAt = undefined;
  }

  /** @internal */
  isEmpty(): boolean {
    for (const key in this.data) if (this.data[key] !== undefined) return false;
    return true;
  }

  /** @internal the id commit stores under (minting it if needed). */
  commitId(): string | undefined {
    return this.id;
  }

  async #dropStored(): Promise<void> {
    if (this.storedId !== undefined) {
      await this.#host!.destroy(this.storedId);
      this.storedId = undefined;
      this.dropped = true;
    }
  }
}
