import { SessctlError } from '../errors.js';
import { registerSecret } from '../redact.js';

export interface HostPort {
  host: string;
  port: number;
}

interface Credentials {
  username?: string | undefined;
  password?: string | undefined;
}

export type StoreUrl =
  | ({ kind: 'redis'; tls: boolean; node: HostPort; db: number; redacted: string } & Credentials)
  | ({ kind: 'redis-cluster'; tls: boolean; nodes: HostPort[]; redacted: string } & Credentials)
  | ({ kind: 'redis-sentinel'; tls: boolean; sentinels: HostPort[]; masterName: string; db: number; redacted: string } & Credentials)
  | { kind: 'memcached'; servers: HostPort[]; redacted: string }
  | { kind: 'memory'; name: string; redacted: string };

export type StoreKind = StoreUrl['kind'];

const SCHEMES = {
  'redis:': { kind: 'redis', tls: false, defaultPort: 6379 },
  'rediss:': { kind: 'redis', tls: true, defaultPort: 6379 },
  'valkey:': { kind: 'redis', tls: false, defaultPort: 6379 },
  'valkeys:': { kind: 'redis', tls: true, defaultPort: 6379 },
  'redis+cluster:': { kind: 'redis-cluster', tls: false, defaultPort: 6379 },
  'rediss+cluster:': { kind: 'redis-cluster', tls: true, defaultPort: 6379 },
  'redis+sentinel:': { kind: 'redis-sentinel', tls: false, defaultPort: 26379 },
  'rediss+sentinel:': { kind: 'redis-sentinel', tls: true, defaultPort: 26379 },
  'memcached:': { kind: 'memcached', tls: false, defaultPort: 11211 },
  'memory:': { kind: 'memory', tls: false, defaultPort: 0 },
} as const;

const SCHEME_LIST = 'redis://, rediss://, valkey://, redis+cluster://, redis+sentinel://, memcached://, memory://';

function urlError(message: string): SessctlError {
  return new SessctlError('SESSCTL_STORE_URL', message, {
    hint: `expected e.g. redis://host:6379/0, redis+cluster://h1:7000,h2:7001, memcached://h1:11211 (credentials as user:password@ before the host)`,
  });
}

/**
 * Parses a store URL of the design's contract. Throws SESSCTL_STORE_URL (exit 2) with one line
 * naming what is wrong; the password is registered for scrubbing before anything can echo it.
 */
export function parseStoreUrl(input: string): StoreUrl {
  const text = String(input ?? '').trim();
  const m = /^([a-z][a-z0-9+.-]*:)\/\/(.*)$/i.exec(text);
  if (!m) throw urlError(`invalid store URL: missing "scheme://"; use one of ${SCHEME_LIST}`);
  const scheme = m[1]!.toLowerCase();
  const spec = SCHEMES[scheme as keyof typeof SCHEMES];
  if (!spec) throw urlError(`unsupported store URL scheme "${scheme}//": use one of ${SCHEME_LIST}`);
  let rest = m[2]!;

  // Query strings are not part of the contract; refuse rather than silently ignore (e.g. ?tls=true).
  if (rest.includes('?') || rest.includes('#')) throw urlError(`store URL must not have a query or fragment; options are flags`);

  let username: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    try {
      if (colon >= 0) {
        username = decodeURIComponent(userinfo.slice(0, colon)) || undefined;
        password = decodeURIComponent(userinfo.slice(colon + 1));
      } else {
        // redis://secret@host is the Redis convention for a password without a user.
        password = decodeURIComponent(userinfo);
      }
    } catch {
      throw urlError(`invalid percent-encoding in the store URL's credentials`);
    }
    registerSecret(password);
  }

  const slash = rest.indexOf('/');
  const hostPart = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash + 1) : '';

  if (spec.kind === 'memory') {
    if (username !== undefined || password !== undefined) throw urlError('memory:// takes no credentials');
    const name = `${hostPart}${path ? `/${path}` : ''}` || 'default';
    return { kind: 'memory', name, redacted: `memory://${hostPart}${path ? `/${path}` : ''}` };
  }

  const nodes = parseHosts(hostPart, spec.defaultPort);
  const creds = password === undefined ? '' : `${username ? encodeURIComponent(username) : ''}:***@`;
  const hosts = nodes.map(formatHostPort).join(',');

  switch (spec.kind) {
    case 'redis': {
      if (nodes.length !== 1) throw urlError(`${scheme}// takes one host; for several use redis+cluster:// or redis+sentinel://`);
      const db = parseDb(path, scheme);
      return { kind: 'redis', tls: spec.tls, node: nodes[0]!, db, username, password, redacted: `${scheme}//${creds}${hosts}${db ? `/${db}` : ''}` };
    }
    case 'redis-cluster': {
      if (path) throw urlError(`redis+cluster:// takes no database path: a cluster has only db 0`);
      return { kind: 'redis-cluster', tls: spec.tls, nodes, username, password, redacted: `${scheme}//${creds}${hosts}` };
    }
    case 'redis-sentinel': {
      const [masterName, dbText, extra] = path.split('/');
      if (!masterName) throw urlError(`redis+sentinel:// needs the master name: redis+sentinel://h1:26379,h2:26379/mymaster[/db]`);
      if (extra !== undefined) throw urlError(`redis+sentinel:// path is /mastername[/db]; got extra "/${extra}"`);
      const db = parseDb(dbText ?? '', scheme);
      return {
        kind: 'redis-sentinel', tls: spec.tls, sentinels: nodes, masterName: decodeURIComponent(masterName), db, username, password,
        redacted: `${scheme}//${creds}${hosts}/${masterName}${db ? `/${db}` : ''}`,
      };
    }
    case 'memcached': {
      if (password !== undefined || username !== undefined) throw urlError('memcached:// takes no credentials (SASL is not supported)');
      if (path) throw urlError(`memcached:// takes no path`);
      return { kind: 'memcached', servers: nodes, redacted: `memcached://${hosts}` };
    }
  }
}

function parseDb(text: string, scheme: string): number {
  if (text === '') return 0;
  if (!/^\d{1,5}$/.test(text)) throw urlError(`invalid database "${text}" in ${scheme}// URL: use a number, e.g. /0`);
  return Number(text);
}

function parseHosts(list: string, defaultPort: number): HostPort[] {
  if (!list) throw urlError('store URL has no host');
  return list.split(',').map((item) => {
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d*))?$/i.exec(item);
    if (!m || !m[1]) throw urlError(`invalid host "${item}" in store URL`);
    const port = m[2] === undefined || m[2] === '' ? defaultPort : Number(m[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw urlError(`invalid port "${m[2]}" in store URL: use 1–65535`);
    return { host: m[1].replace(/^\[|\]$/g, ''), port };
  });
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The URL with credentials removed, safe for any output. */
export function redactStoreUrl(input: string): string {
  try {
    return parseStoreUrl(input).redacted;
  } catch {
    return input.replace(/\/\/[^@/]*@/, '//***@');
  }
}
