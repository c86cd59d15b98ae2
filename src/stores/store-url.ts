import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SessctlError } from '../errors.js';
import { registerSecret } from '../redact.js';
import type { TlsSettings } from './tls-options.js';

export interface HostPort {
  host: string;
  port: number;
}

interface Credentials {
  username?: string | undefined;
  password?: string | undefined;
}

/** `false` for a plain-text scheme; for a TLS scheme the settings of its query (`{}` when none). */
type Tls = false | TlsSettings;

export type StoreUrl =
  | ({ kind: 'redis'; tls: Tls; node: HostPort; db: number; redacted: string } & Credentials)
  | ({ kind: 'redis-cluster'; tls: Tls; nodes: HostPort[]; redacted: string } & Credentials)
  | ({
      kind: 'redis-sentinel';
      tls: Tls;
      sentinels: HostPort[];
      masterName: string;
      db: number;
      redacted: string;
    } & Credentials)
  | { kind: 'memcached'; servers: HostPort[]; redacted: string }
  | { kind: 'memory'; name: string; redacted: string }
  /** An RDB dump read offline: `rdb:///abs/path`, or a path given as it is (`./dump.rdb`, gzip'd too). */
  | { kind: 'rdb'; path: string; redacted: string };

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

const SCHEME_LIST =
  'redis://, rediss://, valkey://, valkeys://, redis+cluster://, rediss+cluster://, redis+sentinel://, rediss+sentinel://, memcached://, memory://, rdb:///path (or the path of an RDB dump)';

function urlError(message: string): SessctlError {
  return new SessctlError('SESSCTL_STORE_URL', message, {
    hint: `expected e.g. redis://host:6379/0, rediss://host:6380?cacert=/path/ca.pem, redis+cluster://h1:7000,h2:7001, memcached://h1:11211 (credentials as user:password@ before the host)`,
  });
}

/**
 * Parses a store URL of the design's contract. Throws SESSCTL_STORE_URL (exit 2) with one line
 * naming what is wrong; the password is registered for scrubbing before anything can echo it.
 */
export function parseStoreUrl(input: string): StoreUrl {
  const text = String(input ?? '').trim();
  const dump = rdbUrl(text);
  if (dump) return dump;
  const m = /^([a-z][a-z0-9+.-]*:)\/\/(.*)$/i.exec(text);
  if (!m) throw urlError(`invalid store URL: missing "scheme://"; use one of ${SCHEME_LIST}`);
  const scheme = m[1]!.toLowerCase();
  const spec = SCHEMES[scheme as keyof typeof SCHEMES];
  if (!spec) throw urlError(`unsupported store URL scheme "${scheme}//": use one of ${SCHEME_LIST}`);
  let rest = m[2]!;

  // The query holds TLS options only (redis-cli's names); anything else is refused rather than
  // silently ignored (e.g. ?tls=true). An "@" after "?" means a raw "?" in the password: refuse
  // without echoing, since the password is not registered for scrubbing yet.
  if (rest.includes('#'))
    throw urlError('store URL must not have a fragment ("#"): percent-encode "#" in a password or path as %23');
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  if (q >= 0) rest = rest.slice(0, q);
  if (query.includes('@'))
    throw urlError('store URL has "@" after "?": percent-encode "?" in a password as %3F and "@" in a path as %40');

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

  if (query && (spec.kind === 'memory' || spec.kind === 'memcached'))
    throw urlError(`${scheme}// takes no parameters ("?…")`);
  if (spec.kind === 'memory') {
    if (username !== undefined || password !== undefined) throw urlError('memory:// takes no credentials');
    const name = `${hostPart}${path ? `/${path}` : ''}` || 'default';
    return { kind: 'memory', name, redacted: `memory://${hostPart}${path ? `/${path}` : ''}` };
  }

  const nodes = parseHosts(hostPart, spec.defaultPort);
  const creds = password === undefined ? '' : `${username ? encodeURIComponent(username) : ''}:***@`;
  const hosts = nodes.map(formatHostPort).join(',');
  const tls = spec.tls ? parseTlsQuery(query) : false;
  if (query && !tls)
    throw urlError(
      `${scheme}// takes no parameters: TLS options (${TLS_PARAMS.join(', ')}) need a TLS scheme such as rediss://`,
    );
  const suffix = tls ? formatTlsQuery(tls) : '';

  switch (spec.kind) {
    case 'redis': {
      if (nodes.length !== 1)
        throw urlError(`${scheme}// takes one host; for several use redis+cluster:// or redis+sentinel://`);
      const db = parseDb(path, scheme);
      return {
        kind: 'redis',
        tls,
        node: nodes[0]!,
        db,
        username,
        password,
        redacted: `${scheme}//${creds}${hosts}${db ? `/${db}` : ''}${suffix}`,
      };
    }
    case 'redis-cluster': {
      if (path) throw urlError(`redis+cluster:// takes no database path: a cluster has only db 0`);
      return {
        kind: 'redis-cluster',
        tls,
        nodes,
        username,
        password,
        redacted: `${scheme}//${creds}${hosts}${suffix}`,
      };
    }
    case 'redis-sentinel': {
      const [masterName, dbText, extra] = path.split('/');
      if (!masterName)
        throw urlError(`redis+sentinel:// needs the master name: redis+sentinel://h1:26379,h2:26379/mymaster[/db]`);
      if (extra !== undefined) throw urlError(`redis+sentinel:// path is /mastername[/db]; got extra "/${extra}"`);
      const db = parseDb(dbText ?? '', scheme);
      return {
        kind: 'redis-sentinel',
        tls,
        sentinels: nodes,
        masterName: decodeURIComponent(masterName),
        db,
        username,
        password,
        redacted: `${scheme}//${creds}${hosts}/${masterName}${db ? `/${db}` : ''}${suffix}`,
      };
    }
    case 'memcached': {
      if (password !== undefined || username !== undefined)
        throw urlError('memcached:// takes no credentials (SASL is not supported)');
      if (path) throw urlError(`memcached:// takes no path`);
      return { kind: 'memcached', servers: nodes, redacted: `memcached://${hosts}` };
    }
  }
}

/**
 * `rdb:///abs/path`, or a bare path that names a dump: an existing file, or one that looks like a
 * path (`/…`, `./…`, `…/…`) or a dump's name (`*.rdb`, `*.rdb.gz`). A bare `host:6379` stays a
 * missing-scheme error: it is a server, not a file.
 */
function rdbUrl(text: string): Extract<StoreUrl, { kind: 'rdb' }> | undefined {
  if (/^rdb:/i.test(text)) {
    const m = /^rdb:\/\/(\/[^?#]*)$/i.exec(text);
    if (!m)
      throw urlError(
        'an RDB dump URL is rdb:///absolute/path/dump.rdb (three slashes, no host, no "?" or "#"); or give the path itself',
      );
    let path: string;
    try {
      path = decodeURIComponent(m[1]!);
    } catch {
      throw urlError('invalid percent-encoding in the rdb:// path');
    }
    return { kind: 'rdb', path, redacted: `rdb://${path}` };
  }
  if (!text || text.includes('://')) return undefined;
  const looksLikePath =
    /^(\/|\.{1,2}\/|~\/)/.test(text) || /\.rdb(\.gz)?$/i.test(text) || (text.includes('/') && !/^[^/]*:\d/.test(text));
  if (!looksLikePath && !isFile(text)) return undefined;
  const path = resolve(text.startsWith('~/') ? join(homedir(), text.slice(2)) : text);
  return { kind: 'rdb', path, redacted: `rdb://${path}` };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const TLS_PARAMS = ['cacert', 'cert', 'key', 'insecure', 'sni'] as const;

/** `cacert=FILE&cert=FILE&key=FILE&insecure&sni=NAME`, as redis-cli's --cacert/--cert/--key/--insecure/--sni. */
function parseTlsQuery(query: string): TlsSettings {
  const settings: TlsSettings = {};
  const seen = new Set<string>();
  for (const part of query ? query.split('&') : []) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = (eq >= 0 ? part.slice(0, eq) : part).toLowerCase();
    let value: string;
    try {
      value = eq >= 0 ? decodeURIComponent(part.slice(eq + 1)) : '';
    } catch {
      throw urlError(`invalid percent-encoding in the store URL parameter "${name}"`);
    }
    if (!(TLS_PARAMS as readonly string[]).includes(name)) {
      const shown = /^[a-z0-9_.-]{1,32}$/.test(name) ? `"${name}"` : 'a parameter';
      throw urlError(`unknown store URL parameter ${shown}: use ${TLS_PARAMS.join(', ')}`);
    }
    if (seen.has(name)) throw urlError(`store URL parameter "${name}" given twice`);
    seen.add(name);
    if (name === 'insecure') {
      if (!/^(|1|true|yes|0|false|no)$/i.test(value))
        throw urlError(`store URL parameter "insecure" takes no value (or true/false), got "${value}"`);
      if (/^(|1|true|yes)$/i.test(value)) settings.insecure = true;
      continue;
    }
    if (!value)
      throw urlError(
        `store URL parameter "${name}" needs a value: ${name}=${name === 'sni' ? 'NAME' : '/path/to/file.pem'}`,
      );
    settings[name as 'cacert' | 'cert' | 'key' | 'sni'] = value;
  }
  if ((settings.cert === undefined) !== (settings.key === undefined))
    throw urlError('store URL parameters "cert" and "key" go together: the client certificate and its private key');
  return settings;
}

/** The settings back as a query, in a fixed order, escaping only what would change its parse. */
function formatTlsQuery(settings: TlsSettings): string {
  const esc = (v: string) => v.replace(/[%&#?@=\s]/g, (c) => encodeURIComponent(c));
  const parts: string[] = [];
  for (const name of ['cacert', 'cert', 'key', 'sni'] as const)
    if (settings[name] !== undefined) parts.push(`${name}=${esc(settings[name])}`);
  if (settings.insecure) parts.push('insecure');
  return parts.length ? `?${parts.join('&')}` : '';
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
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw urlError(`invalid port "${m[2]}" in store URL: use 1–65535`);
    return { host: m[1].replace(/^\[|\]$/g, ''), port };
  });
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A Redis/Valkey URL with `password` put in, for passwords that come from outside argv
 * (`--password-file`, `REDISCLI_AUTH`). A URL that has a password, or is not a Redis one, comes
 * back as it was; `redis://user@host` keeps its user only when written `user:`.
 *
 * @example
 * withPassword('redis://cache:6379/2', 's3cret') // 'redis://:s3cret@cache:6379/2'
 */
export function withPassword(url: string, password: string): string {
  registerSecret(password);
  const parsed = parseStoreUrl(url);
  if (!('password' in parsed) || parsed.password !== undefined) return url;
  const at = url.indexOf('://') + 3;
  const user = parsed.username === undefined ? '' : encodeURIComponent(parsed.username);
  return `${url.slice(0, at)}${user}:${encodeURIComponent(password)}@${url.slice(at).replace(/^[^@/?]*@/, '')}`;
}

/** The URL with credentials removed, safe for any output. */
export function redactStoreUrl(input: string): string {
  try {
    return parseStoreUrl(input).redacted;
  } catch {
    return input.replace(/\/\/[^@/]*@/, '//***@');
  }
}
