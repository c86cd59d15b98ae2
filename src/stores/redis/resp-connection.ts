import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { SessctlError } from '../../errors.js';
import { redisSetupFailure } from './redis-setup-failure.js';
import { RespError, RespParser, encodeCommands, type RespReply } from './resp-parser.js';
import { describeTlsFailure } from '../tls-failure.js';
import { tlsConnectOptions, type TlsSettings } from '../tls-options.js';

export interface RespEndpoint {
  host: string;
  port: number;
  /** A TLS store URL's settings (CA, client certificate, insecure, SNI); `true` = system trust. */
  tls?: boolean | TlsSettings;
  username?: string | undefined;
  password?: string | undefined;
  db?: number;
  connectTimeoutMs?: number;
}

/** Bytes per socket read: what libuv reads per chunk for a stream anyway. */
const READ_SIZE = 65_536;

type Pending = {
  left: number;
  /** Sized for every reply up front: a batch's pipeline is hundreds of them. */
  replies: RespReply[];
  resolve: (r: RespReply[]) => void;
  reject: (e: Error) => void;
  timing?: RoundTrip;
};

/**
 * When a request went out and when the last bytes of its answer reached the client, before they
 * were parsed: the server's round trip without the client's decoding (what adaptive pacing judges).
 */
export interface RoundTrip {
  sentAt: number;
  answeredAt: number;
}

/**
 * A lean pipelined RESP connection to one Redis/Valkey node: the hot path of scan and clean.
 * `pipeline()` writes all commands at once and resolves with their replies in order; error
 * replies come back as RespError values, not exceptions. A dropped socket rejects what is pending
 * and `reconnect()` opens a fresh one with the same AUTH/SELECT/NO-TOUCH set-up.
 */
export class RespConnection {
  readonly id: string;
  #socket: Socket | undefined;
  #parser = new RespParser();
  #pending: Pending[] = [];
  #setup: string[][] = [];
  #closed = false;
  /** Whether the current socket has answered anything yet. */
  #replied = false;
  #reconnecting: Promise<void> | undefined;
  /** Counts sockets opened: whoever reads on this connection can tell that it was reopened meanwhile. */
  generation = 0;

  private constructor(readonly endpoint: RespEndpoint) {
    this.id = `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
  }

  static async open(endpoint: RespEndpoint): Promise<RespConnection> {
    const c = new RespConnection(endpoint);
    const setup: string[][] = [];
    if (endpoint.password !== undefined)
      setup.push(endpoint.username ? ['AUTH', endpoint.username, endpoint.password] : ['AUTH', endpoint.password]);
    if (endpoint.db) setup.push(['SELECT', String(endpoint.db)]);
    c.#setup = setup;
    await c.reconnect();
    return c;
  }

  /** Commands replayed after every (re)connect, e.g. CLIENT NO-TOUCH ON. */
  addSetup(command: string[]): void {
    this.#setup.push(command);
  }

  get connected(): boolean {
    return this.#socket !== undefined && !this.#socket.destroyed;
  }

  /**
   * Opens a fresh socket. The walk and a clean's deletes share the connection: a second call while
   * one is under way joins it instead of tearing down the socket the first is opening.
   */
  reconnect(): Promise<void> {
    this.#reconnecting ??= this.#reconnect().finally(() => (this.#reconnecting = undefined));
    return this.#reconnecting;
  }

  async #reconnect(): Promise<void> {
    if (this.#socket) {
      this.#socket.destroy();
      this.#failAll(new Error('reconnecting'));
    }
    const { host, port, tls, connectTimeoutMs = 5000 } = this.endpoint;
    const socket = await new Promise<Socket>((resolve, reject) => {
      // Plain TCP hands reads straight to the parser (onread): the stream machinery a 'data'
      // listener runs per chunk is a measurable share of the scan's client time.
      const onread = {
        buffer: () => Buffer.allocUnsafe(READ_SIZE),
        callback: (n: number, buf: Uint8Array) => this.#read(s, buf as Buffer, n),
      };
      const s: Socket = tls
        ? tlsConnect({ host, port, ...tlsConnectOptions(tls, host) })
        : netConnect({ host, port, onread });
      // TCP up but no TLS handshake: most likely a plain-text port, which waits for a newline forever.
      let tcp = false;
      if (tls) s.once('connect', () => (tcp = true));
      const timer = setTimeout(() => {
        s.destroy();
        const err = tcp
          ? Object.assign(new Error(`no TLS handshake within ${connectTimeoutMs} ms`), {
              code: 'ERR_TLS_HANDSHAKE_TIMEOUT',
            })
          : new Error(`timed out after ${connectTimeoutMs} ms`);
        reject(unreachable(this.id, err));
      }, connectTimeoutMs);
      s.once(tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(unreachable(this.id, err));
      });
    });
    socket.setNoDelay(true);
    this.#parser = new RespParser();
    this.#replied = false;
    if (tls) socket.on('data', (chunk: Buffer) => this.#socket === socket && this.#onData(chunk));
    // A late 'close' of a replaced socket must not fail the new one's commands.
    const fail = (err: Error) => this.#socket === socket && this.#failAll(err);
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
    this.#socket = socket;
    this.generation++;
    // One round trip before the connection counts: a TLS 1.3 server refuses a client certificate
    // only after the handshake, and a server that wants a password says so only when asked.
    const probe = !this.#setup.length;
    if (this.#setup.length || probe) {
      const replies = await this.pipeline(probe ? [['PING']] : this.#setup).catch((err: SessctlError) => {
        throw describeTlsFailure(err.cause) ? unreachable(this.id, err.cause as Error) : err;
      });
      const bad = replies.find((r): r is RespError => r instanceof RespError && (!probe || /^NOAUTH/.test(r.message)));
      if (bad) {
        socket.destroy();
        const known = redisSetupFailure(bad.message);
        throw new SessctlError(
          known?.code ?? 'SESSCTL_STORE_UNREACHABLE',
          `cannot connect to ${this.id}: ${known?.reason ?? bad.message}`,
          { hint: known?.hint },
        );
      }
    }
  }

  /** onread's callback; true keeps reading. */
  #read(socket: Socket, buf: Buffer, n: number): boolean {
    if (this.#socket === socket) this.#onData(buf.subarray(0, n));
    return true;
  }

  #onData(chunk: Buffer): void {
    this.#arrivedAt = performance.now();
    try {
      this.#parser.feed(chunk, this.#onReply);
    } catch (err) {
      this.#socket?.destroy(err as Error);
    }
  }

  /** When the chunk being parsed arrived. */
  #arrivedAt = 0;

  // One function for the connection's life, not a closure per socket read.
  readonly #onReply = (reply: RespReply): void => {
    const p = this.#pending[0];
    if (!p) return;
    this.#replied = true;
    p.replies[p.replies.length - p.left] = reply;
    if (--p.left === 0) {
      this.#pending.shift();
      if (p.timing) p.timing.answeredAt = this.#arrivedAt;
      p.resolve(p.replies);
    }
  };

  #failAll(err: Error): void {
    const pending = this.#pending;
    this.#pending = [];
    // A TLS port resets a plain-text client before answering anything: say what is likely wrong.
    const hint =
      !this.endpoint.tls && !this.#replied
        ? 'the server closed the connection before any reply: if this port speaks TLS, use rediss:// (or valkeys://)'
        : undefined;
    for (const p of pending)
      p.reject(
        dropped(
          new SessctlError('SESSCTL_STORE_ERROR', `connection to ${this.id} dropped: ${err.message}`, {
            cause: err,
            hint,
          }),
        ),
      );
  }

  pipeline(commands: ReadonlyArray<ReadonlyArray<string | Buffer>>): Promise<RespReply[]> {
    if (commands.length === 0) return Promise.resolve([]);
    return this.send(encodeCommands(commands), commands.length);
  }

  /**
   * Sends pre-encoded RESP (a Buffer, or latin1 text: a byte per character) holding `count`
   * commands; resolves with their replies in order. `timing`, when given, is stamped with the round trip.
   */
  send(encoded: Buffer | string, count: number, timing?: RoundTrip): Promise<RespReply[]> {
    const socket = this.#socket;
    if (this.#closed || !socket || socket.destroyed) {
      return Promise.reject(dropped(new SessctlError('SESSCTL_STORE_ERROR', `connection to ${this.id} is closed`)));
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ left: count, replies: new Array<RespReply>(count), resolve, reject, timing });
      if (timing) timing.sentAt = performance.now();
      if (typeof encoded === 'string') socket.write(encoded, 'latin1');
      else socket.write(encoded);
    });
  }

  /**
   * Runs `sends` (calls of send/pipeline) into one socket write: a walk's next SCAN and its batch's
   * reads leave in one syscall and wake the server once.
   */
  corked<T>(sends: () => T): T {
    const socket = this.#socket;
    socket?.cork();
    try {
      return sends();
    } finally {
      socket?.uncork();
    }
  }

  async command(...args: Array<string | Buffer>): Promise<RespReply> {
    const [reply] = await this.pipeline([args]);
    if (reply instanceof RespError)
      throw new SessctlError('SESSCTL_STORE_ERROR', `${this.id}: ${String(args[0])} failed: ${reply.message}`);
    return reply ?? null;
  }

  close(): void {
    this.#closed = true;
    this.#socket?.end();
    this.#socket?.destroy();
  }
}

const drops = new WeakSet<Error>();
const dropped = (err: SessctlError): SessctlError => (drops.add(err), err);

/** The connection went away under this request (not an error reply): reconnecting may help. */
export function isDropped(err: unknown): boolean {
  return err instanceof Error && drops.has(err);
}

function unreachable(id: string, cause: Error & { code?: string }): SessctlError {
  const tlsFailure = describeTlsFailure(cause);
  const why =
    tlsFailure?.reason ??
    (cause.code === 'ECONNREFUSED'
      ? 'connection refused'
      : cause.code === 'ENOTFOUND'
        ? 'host not found'
        : cause.message);
  return new SessctlError('SESSCTL_STORE_UNREACHABLE', `cannot connect to ${id}: ${why}`, {
    cause,
    hint: tlsFailure?.hint ?? 'check the host, port and credentials, and that the server is running',
  });
}

/** Text of a bulk/simple reply, or undefined. */
export function replyText(r: RespReply | undefined): string | undefined {
  if (typeof r === 'string') return r;
  if (Buffer.isBuffer(r)) return r.toString('utf8');
  return undefined;
}
