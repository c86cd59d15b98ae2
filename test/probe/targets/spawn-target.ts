/** Starts a target server as a child process and resolves once its port accepts connections. */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Target } from './cookie-token-server.js';

export async function spawnTarget(
  cmd: string,
  args: string[],
  port: number,
  path: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Target> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${cmd} exited (${code}) during start-up: ${stderr.slice(0, 800)}`))),
  );
  const ready = (async () => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error(`${cmd} did not listen on ${port} within 20 s: ${stderr.slice(0, 800)}`);
  })();
  await Promise.race([ready, exited]);
  exited.catch(() => {});
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
