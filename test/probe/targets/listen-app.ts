import type { Server } from 'node:http';
import type { Target } from './cookie-token-server.js';

/** Serves an Express app on a free loopback port as a probe Target at `/api/me`; close() also runs `cleanup` (the app's store client). */
export async function listenApp(
  app: { listen(port: number, host: string): Server },
  cleanup: () => Promise<unknown>,
): Promise<Target> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/me`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await cleanup();
    },
  };
}
