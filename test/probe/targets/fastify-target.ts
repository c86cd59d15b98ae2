/** Target 3: @fastify/session with connect-redis as its store (the README's documented pairing). */
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifySession from '@fastify/session';
import { RedisStore } from 'connect-redis';
import Fastify from 'fastify';
import { createClient } from 'redis';
import type { Target } from './cookie-token-server.js';

export async function startFastifyTarget(options: { redisUrl: string; prefix?: string }): Promise<Target> {
  const client = createClient({ url: options.redisUrl });
  await client.connect();
  const app = Fastify();
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: 'a probe target secret of at least 32 characters',
    store: new RedisStore({ client, prefix: options.prefix ?? 'fsess:' }) as never,
    cookie: { secure: false },
  });
  await app.register(fastifyCors, { origin: ['http://app.local'], credentials: true });
  app.get('/api/me', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/me`,
    close: async () => {
      await app.close();
      await client.quit();
    },
  };
}
