import { connect, type Socket } from 'node:net';
import { SessctlError } from '../errors.js';
import { memcachedUnreachable } from './memcached-connection.js';

export interface MetadumpItem {
  key: Buffer;
  /** Absolute expiry (server clock, unix s); -1 = never. */
  exp: number;
  /** Last access (server clock, unix s). */
  la: number;
  cas: string;
  fetched: boolean;
  /** Item size in the slab (key + value + header). */
  size: number;
  flags?: number;
}

export type MetadumpMode = 'hash' | 'all';

/**
 * Streams `lru_crawler metadump <mode>` from its own connection (memcached refuses other commands
 * pipelined before it) in batches. The socket is paused while two batches wait, so a slow consumer
 * never buffers the whole dump. Errors: `-X` → SESSCTL_STORE_UNSUPPORTED, BUSY → SESSCTL_STORE_ERROR.
 */
export async function* metadump(host: string, port: number, mode: MetadumpMode, options: { batch?: number; signal?: AbortSignal } = {}): AsyncGenerator<MetadumpItem[]> {
  const { batch = 1000, signal } = options;
  const id = `${host}:${port}`;
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host, port });
    s.once('connect', () => (s.removeAllListeners('error'), resolve(s)));
    s.once('error', (err) => reject(memcachedUnreachable(id, err)));
  });
  const ready: MetadumpItem[][] = [];
  let current: MetadumpItem[] = [];
  let rest = '';
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  const onLine = (line: string) => {
    if (line.startsWith('key=')) {
      current.push(parseItem(line));
      if (current.length >= batch) {
        ready.push(current);
        current = [];
        if (ready.length >= 2) socket.pause();
        notify();
      }
    } else if (line === 'END') {
      if (current.length) ready.push(current);
      current = [];
      done = true;
      notify();
    } else if (line) {
      failure = metadumpError(id, line);
      notify();
    }
  };
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    const text = rest + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(text.slice(start, end));
      start = nl + 1;
    }
    rest = text.slice(start);
  });
  socket.on('error', (err) => ((failure ??= new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: metadump connection failed: ${err.message}`, { cause: err })), notify()));
  socket.on('close', () => {
    if (!done) failure ??= new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: connection dropped during metadump`);
    notify();
  });
  const onAbort = () => socket.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  socket.write(`lru_crawler metadump ${mode}\r\n`);
  try {
    for (;;) {
      if (ready.length) {
        const b = ready.shift()!;
        if (ready.length < 2 && socket.isPaused()) socket.resume();
        yield b;
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    socket.destroy();
  }
}

function metadumpError(id: string, line: string): SessctlError {
  if (/not allowed/i.test(line)) {
    return new SessctlError('SESSCTL_STORE_UNSUPPORTED', `memcached ${id} refuses to list its keys ("${line}"): it was started with -X / --disable-dumping`, {
      hint: 'restart memcached without -X to scan it; sessctl never falls back to reading keys with get, which would mark them fetched',
    });
  }
  if (/^BUSY/.test(line)) return new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: another LRU crawl is running ("${line}")`, { hint: 'try again in a moment' });
  return new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: metadump failed: ${line}`);
}

function parseItem(line: string): MetadumpItem {
  const item: MetadumpItem = { key: Buffer.alloc(0), exp: -1, la: 0, cas: '0', fetched: false, size: 0 };
  let start = 0;
  while (start < line.length) {
    let sp = line.indexOf(' ', start);
    if (sp < 0) sp = line.length;
    const eq = line.indexOf('=', start);
    if (eq > start && eq < sp) {
      const name = line.slice(start, eq);
      const v = line.slice(eq + 1, sp);
      switch (name) {
        case 'key': item.key = percentDecode(v); break;
        case 'exp': item.exp = Number(v); break;
        case 'la': item.la = Number(v); break;
        case 'cas': item.cas = v; break;
        case 'fetch': item.fetched = v === 'yes'; break;
        case 'size': item.size = Number(v); break;
        case 'flags': item.flags = Number(v); break;
      }
    }
    start = sp + 1;
  }
  return item;
}

/** metadump URI-encodes keys byte by byte; decode to bytes (keys need not be UTF-8). */
export function percentDecode(s: string): Buffer {
  if (!s.includes('%')) return Buffer.from(s, 'latin1');
  const out = Buffer.allocUnsafe(s.length);
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 && i + 2 < s.length + 0 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out[o++] = parseInt(s.slice(i + 1, i + 3), 16);
      i += 2;
    } else out[o++] = c;
  }
  return out.subarray(0, o);
}
