import { Redis } from 'ioredis';

/** Counts keys under a prefix straight from Redis, to check the probe's own counting. */
export async function countKeys(port: number, db: number, prefix: string): Promise<number> {
  const r = new Redis({ port, host: '127.0.0.1', db });
  try {
    return (await r.keys(`${prefix}*`)).length;
  } finally {
    r.disconnect();
  }
}

export const uniquePrefix = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}:`;
