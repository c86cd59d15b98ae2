import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext, type ConnectionOptions } from 'node:tls';
import { SessctlError } from '../errors.js';

/**
 * How a TLS store URL wants its connections made, from its query parameters (the names are
 * redis-cli's flags): `cacert`, `cert` + `key`, `insecure`, `sni`. Paths, not contents: the
 * files are read when connecting, so parsing a URL never touches the disk.
 */
export interface TlsSettings {
  /** PEM (or DER) CA certificate(s) to trust instead of the system's. */
  cacert?: string;
  /** Client certificate and its private key, for servers with `tls-auth-clients yes`. */
  cert?: string;
  key?: string;
  /** Skip certificate and name verification (testing only). */
  insecure?: boolean;
  /** Server name sent as SNI and verified against the certificate, instead of the host. */
  sni?: string;
}

const loaded = new WeakMap<TlsSettings, ConnectionOptions>();

/**
 * `tls.connect` options for a host: the files read once per settings object and checked, so a
 * missing or malformed file is SESSCTL_FILE (exit 2) before any connection is tried. `true` (a TLS
 * scheme without parameters) means the system's trust store, which NODE_EXTRA_CA_CERTS extends.
 */
export function tlsConnectOptions(settings: boolean | TlsSettings, host?: string): ConnectionOptions {
  const base = typeof settings === 'object' ? load(settings) : {};
  const servername =
    typeof settings === 'object' && settings.sni ? settings.sni : host && !isIP(host) ? host : undefined;
  // An IP as SNI breaks RFC 6066 and makes Node print a deprecation warning; IPs are verified without it.
  return servername ? { ...base, servername } : base;
}

function load(settings: TlsSettings): ConnectionOptions {
  let options = loaded.get(settings);
  if (!options) {
    options = {
      ...(settings.cacert ? { ca: readCa(settings.cacert) } : {}),
      ...(settings.cert ? { cert: readPem(settings.cert, 'cert', 'client certificate') } : {}),
      ...(settings.key ? { key: readKey(settings.key) } : {}),
      ...(settings.insecure ? { rejectUnauthorized: false } : {}),
    };
    if (options.cert) {
      try {
        createSecureContext({ cert: options.cert, key: options.key });
      } catch (cause) {
        throw fileError(
          `the client certificate ${settings.cert} and key ${settings.key} do not belong together (${firstLine(cause)})`,
          cause,
          'cert=',
        );
      }
    }
    loaded.set(settings, options);
  }
  return options;
}

function read(path: string, param: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    const why = (cause as { code?: string }).code === 'ENOENT' ? 'no such file' : firstLine(cause);
    throw fileError(`cannot read the TLS ${what} ${path} (${param}= in the store URL): ${why}`, cause, `${param}=`);
  }
}

function readCa(path: string): Buffer {
  const bytes = read(path, 'cacert', 'CA file');
  try {
    // Node silently ignores a CA that is not PEM, which would surface later as "untrusted".
    const pem = bytes.includes('-----BEGIN CERTIFICATE-----');
    const first = new X509Certificate(bytes);
    return pem ? bytes : Buffer.from(first.toString());
  } catch (cause) {
    throw fileError(
      `the TLS CA file ${path} (cacert= in the store URL) holds no PEM or DER certificate`,
      cause,
      'cacert=',
    );
  }
}

function readPem(path: string, param: string, what: string): Buffer {
  const bytes = read(path, param, what);
  try {
    new X509Certificate(bytes);
    return bytes;
  } catch (cause) {
    throw fileError(
      `the TLS ${what} ${path} (${param}= in the store URL) holds no PEM certificate`,
      cause,
      `${param}=`,
    );
  }
}

function readKey(path: string): Buffer {
  const bytes = read(path, 'key', 'client key');
  try {
    createPrivateKey(bytes);
    return bytes;
  } catch (cause) {
    throw fileError(
      `the TLS client key ${path} (key= in the store URL) holds no unencrypted PEM private key`,
      cause,
      'key=',
    );
  }
}

function fileError(message: string, cause: unknown, param: string): SessctlError {
  return new SessctlError('SESSCTL_FILE', message, {
    cause,
    hint: `give a readable PEM file as ${param} (paths are percent-encoded in the URL)`,
  });
}

function firstLine(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).split('\n')[0]!;
}
