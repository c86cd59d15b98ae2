import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sessctl } from '../harness/cli.js';

/** An https target with a self-signed certificate (openssl), setting a session cookie without Secure. */
let server: Server;
let url = '';
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessctl-tls-'));
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  let n = 0;
  server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_req, res) => {
      res.setHeader(
        'set-cookie',
        `sid=${(++n).toString().padStart(4, '0')}${'ab12cd34ef56ab78cd90ef12ab34cd56'}; Path=/; HttpOnly; SameSite=Lax`,
      );
      res.end('ok');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

it('verifies TLS by default: a self-signed certificate is exit 3 with a hint', async () => {
  const r = await sessctl(['probe', url]);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/^sessctl: cannot reach https:\/\/127\.0\.0\.1:\d+: TLS: .*self.signed/);
  expect(r.stderr).toMatch(/hint: pass --insecure/);
});

it('--insecure probes it, and on https a session cookie without Secure is a finding', async () => {
  const r = await sessctl(['probe', url, '--insecure', '--format', 'json']);
  const report = JSON.parse(r.stdout);
  expect(report.complete).toBe(true);
  expect(report.findings.find((f: { id: string }) => f.id === 'COOKIE-SECURE')).toMatchObject({
    severity: 'high',
    message: 'sid: no Secure attribute',
  });
  expect(r.code).toBe(1);
});
