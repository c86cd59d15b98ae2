import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SessctlError, UsageError } from '../errors.js';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `--listen HOST:PORT` (`:9464` = every interface, `[::1]:9464` for IPv6; port 0 = any free one). */
export function parseListen(v: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(v.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65_535)
    throw new UsageError(`--listen ${v}: expected HOST:PORT`, {
      hint: 'e.g. --listen 127.0.0.1:9464 or --listen :9464',
    });
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

/**
 * Serves `GET /metrics` with whatever `render()` gives at the time of the scrape (the last
 * interval's figures); anything else is 404. Resolves once listening, with the bound address.
 */
export async function serveMetrics(
  address: ListenAddress,
  render: () => { body: string; contentType: string },
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: sessctl watch serves /metrics\n');
      return;
    }
    const { body, contentType } = render();
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL'
          ? new UsageError(
              `--listen ${address.host}:${address.port}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}`,
              {
                cause: err,
              },
            )
          : new SessctlError('SESSCTL_INTERNAL', `cannot serve /metrics: ${err.message}`, { cause: err }),
      ),
    );
    server.listen(address.port, address.host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    server,
    url: `http://${host}:${bound.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
