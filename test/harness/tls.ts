/**
 * Real TLS servers for the integration tests: a throwaway CA and certificates made with the
 * `openssl` CLI (Node can read X.509 but not issue it), and redis-server / valkey-server listening
 * only on a TLS port. Nothing here is trusted by the system: a client trusts it only when told.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, requireBinary, startCluster, startRedis, type RunningServer } from './servers.js';

export interface TestPki {
  dir: string;
  /** The CA that signed the server and client certificates (PEM). */
  caFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync(requireOpenssl(), args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.trim().slice(0, 500)}`);
}

function requireOpenssl(): string {
  try {
    return requireBinary('openssl');
  } catch {
    throw new Error(
      'openssl not found: install the Debian package openssl (bash scripts/install-test-deps.sh does it)',
    );
  }
}

/**
 * A CA plus a server certificate for 127.0.0.1 / ::1 / localhost and a client certificate, all
 * P-256 (fast to make) and valid for two days. Server certificates also allow clientAuth because
 * cluster nodes present them to each other.
 */
export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'sessctl-pki-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      '-new',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=sessctl test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  const leaf = (name: string, cn: string, ext: string) => {
    writeFileSync(
      join(dir, `${name}.ext`),
      `${ext}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n`,
    );
    openssl(['req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.crt`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      ],
      dir,
    );
  };
  leaf(
    'server',
    'localhost',
    'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth,clientAuth',
  );
  leaf('client', 'sessctl test client', 'extendedKeyUsage=clientAuth');
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsServer extends RunningServer {
  /** `rediss://127.0.0.1:<port>` without any TLS parameters (trusts only the system CAs). */
  url: string;
  /** The same URL with `?cacert=` naming the test CA (a temp path: nothing in it needs escaping). */
  trustedUrl: string;
}

function tlsArgs(pki: TestPki, port: number, mutual: boolean): string[] {
  // --port 0 after startRedis' own --port: the last value wins, so the plain TCP port is closed.
  return [
    '--port',
    '0',
    '--tls-port',
    String(port),
    '--tls-cert-file',
    pki.serverCert,
    '--tls-key-file',
    pki.serverKey,
    '--tls-ca-cert-file',
    pki.caFile,
    '--tls-auth-clients',
    mutual ? 'yes' : 'no',
  ];
}

/** redis-server (or valkey-server) accepting only TLS; `mutual` demands a client certificate. */
export async function startTlsRedis(
  pki: TestPki,
  kind: 'redis' | 'valkey' = 'redis',
  options: { mutual?: boolean; extraArgs?: string[] } = {},
): Promise<TlsServer> {
  const port = await freePort();
  const server = await startRedis(
    kind,
    [...tlsArgs(pki, port, options.mutual ?? false), ...(options.extraArgs ?? [])],
    { port },
  );
  const url = `rediss://127.0.0.1:${port}`;
  return { ...server, url, trustedUrl: `${url}?cacert=${pki.caFile}` };
}

export interface TlsCluster {
  nodes: Array<{ host: string; port: number }>;
  /** `rediss+cluster://…?cacert=<test CA>` */
  trustedUrl: string;
  stop(): Promise<void>;
}

/** Three TLS-only cluster masters that also speak TLS on the cluster bus, joined by redis-cli over TLS. */
export async function startTlsCluster(pki: TestPki, masters = 3): Promise<TlsCluster> {
  const cluster = await startCluster(masters, {
    nodeArgs: (port) => [...tlsArgs(pki, port, false), '--tls-cluster', 'yes', '--tls-replication', 'yes'],
    cliArgs: ['--tls', '--cacert', pki.caFile],
  });
  return {
    nodes: cluster.nodes,
    trustedUrl: `${cluster.url.replace(/^redis\+cluster:/, 'rediss+cluster:')}?cacert=${pki.caFile}`,
    stop: cluster.stop,
  };
}
