/**
 * Starts real servers on free loopback ports for the integration tests, and stops them. A missing
 * binary is an error naming the Debian package (scripts/install-test-deps.sh installs them all).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  kind: 'redis' | 'valkey' | 'memcached';
  host: string;
  port: number;
  version: string;
  url: string;
  stop(): Promise<void>;
  /** Kills the server with SIGKILL (no goodbye to its clients, as a crash or an OOM kill). */
  kill(): Promise<void>;
  /** Starts it again on the same port, data directory and options (a Redis loads its dump.rdb). */
  start(): Promise<void>;
}

export interface RunningCluster {
  /** The primaries, in slot order. */
  nodes: Array<{ host: string; port: number }>;
  /** Every node, primaries first, then replicas. */
  servers: RunningServer[];
  url: string;
  stop(): Promise<void>;
}

const PACKAGES: Record<string, string> = {
  'redis-server': 'redis-server',
  'redis-cli': 'redis-tools',
  'valkey-server': 'valkey-server (from bookworm-backports)',
  'valkey-cli': 'valkey-tools (from bookworm-backports)',
  memcached: 'memcached',
};

export function requireBinary(bin: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path) {
    throw new Error(
      `${bin} not found: install the Debian package ${PACKAGES[bin] ?? bin} (bash scripts/install-test-deps.sh does it)`,
    );
  }
  return path;
}

/** A free loopback port; with `bus`, port+10000 (the cluster bus) is free too. */
export async function freePort(bus = false): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await listenEphemeral(0);
    if (port > 55000) continue;
    if (!bus) return port;
    try {
      await listenEphemeral(port + 10000);
      return port;
    } catch {
      /* bus port taken; try another */
    }
  }
  throw new Error('no free loopback port found');
}

function listenEphemeral(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

/** Resolves when a TCP connect to the port succeeds (the server accepts), rejects if the process dies. */
export async function waitForPort(port: number, child: ChildProcess, name: string): Promise<void> {
  let exited = false;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited during start-up: ${stderr.trim().slice(0, 500)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${name} did not accept connections on port ${port} within 15 s`);
}

async function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const t = setTimeout(() => child.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(t);
}

/** A server process that can be killed and started again on the same port with the same arguments. */
async function supervised(bin: string, args: string[], port: number, name: string, dir?: string) {
  const spawnIt = async () => {
    const c = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitForPort(port, c, name);
    return c;
  };
  let child = await spawnIt();
  return {
    stop: async () => {
      await ended(child, 'SIGTERM');
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    kill: () => ended(child, 'SIGKILL'),
    start: async () => {
      await ended(child, 'SIGKILL');
      child = await spawnIt();
    },
  };
}

function versionOf(bin: string): string {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout;
  return /v=(\S+)/.exec(out)?.[1] ?? out.trim();
}

/** Starts redis-server or valkey-server with no persistence, on loopback. */
export async function startRedis(
  kind: 'redis' | 'valkey' = 'redis',
  extraArgs: string[] = [],
  options: { port?: number } = {},
): Promise<RunningServer> {
  const bin = requireBinary(`${kind}-server`);
  const port = options.port ?? (await freePort(extraArgs.includes('--cluster-enabled')));
  const dir = mkdtempSync(join(tmpdir(), `sessctl-${kind}-`));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    ...extraArgs,
  ];
  const proc = await supervised(bin, args, port, `${kind}-server`, dir);
  return { kind, host: '127.0.0.1', port, version: versionOf(bin), url: `redis://127.0.0.1:${port}`, ...proc };
}

export async function startMemcached(
  extraArgs: string[] = [],
  options: { port?: number } = {},
): Promise<RunningServer> {
  const bin = requireBinary('memcached');
  const port = options.port ?? (await freePort());
  const proc = await supervised(
    bin,
    ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '256', '-u', 'root', ...extraArgs],
    port,
    'memcached',
  );
  const version = spawnSync(bin, ['-V'], { encoding: 'utf8' }).stdout.trim().split(' ')[1] ?? '';
  return { kind: 'memcached', host: '127.0.0.1', port, version, url: `memcached://127.0.0.1:${port}`, ...proc };
}

/**
 * Three cluster-enabled redis-servers joined with `redis-cli --cluster create`, all 16384 slots.
 * `nodeArgs` adds server options per node port (e.g. TLS), `cliArgs` redis-cli's (e.g. --tls);
 * `replicas` gives each primary that many replicas (failover tests).
 */
export async function startCluster(
  masters = 3,
  options: { nodeArgs?: (port: number) => string[]; cliArgs?: string[]; replicas?: number } = {},
): Promise<RunningCluster> {
  const { nodeArgs, cliArgs = [], replicas = 0 } = options;
  const cli = requireBinary('redis-cli');
  const nodes: RunningServer[] = [];
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const port = await freePort(true);
      const dir = mkdtempSync(join(tmpdir(), 'sessctl-cluster-'));
      const args = [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, 'nodes.conf'),
        '--cluster-node-timeout',
        '2000',
        ...(nodeArgs?.(port) ?? []),
      ];
      nodes.push(await startRedis('redis', args, { port }));
    }
    const r = spawnSync(
      cli,
      [
        ...cliArgs,
        '--cluster',
        'create',
        ...nodes.map((n) => `127.0.0.1:${n.port}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`redis-cli --cluster create failed: ${r.stdout}${r.stderr}`);
    await waitClusterOk(
      cli,
      nodes.map((n) => n.port),
      cliArgs,
    );
  } catch (err) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw err;
  }
  // redis-cli makes the first `masters` nodes the primaries.
  const list = nodes.slice(0, masters).map((n) => ({ host: n.host, port: n.port }));
  return {
    nodes: list,
    servers: nodes,
    url: `redis+cluster://${list.map((n) => `${n.host}:${n.port}`).join(',')}`,
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

/** Waits until every node says cluster_state:ok; `cliArgs` carry e.g. redis-cli's TLS flags. */
export async function waitClusterOk(cli: string, ports: number[], cliArgs: string[] = []): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const ok = ports.every((p) =>
      /cluster_state:ok/.test(
        spawnSync(cli, [...cliArgs, '-p', String(p), 'cluster', 'info'], { encoding: 'utf8' }).stdout,
      ),
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis cluster did not reach cluster_state:ok within 20 s');
}
