import type { TestProject } from 'vitest/node';
import { startCluster, startMemcached, startRedis } from './servers.js';

export interface ServerInfo {
  host: string;
  port: number;
  version: string;
  url: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: {
      redis: ServerInfo;
      valkey: ServerInfo;
      memcached: ServerInfo;
      cluster: { nodes: Array<{ host: string; port: number }>; url: string };
    };
  }
}

/** One of each server for the whole integration run; tests keep their keys apart by prefix. */
export default async function setup(project: TestProject) {
  const [redis, valkey, memcached, cluster] = await Promise.all([
    startRedis('redis'),
    startRedis('valkey'),
    startMemcached(),
    startCluster(3),
  ]);
  const info = (s: typeof redis): ServerInfo => ({ host: s.host, port: s.port, version: s.version, url: s.url });
  project.provide('servers', {
    redis: info(redis),
    valkey: info(valkey),
    memcached: info(memcached),
    cluster: { nodes: cluster.nodes, url: cluster.url },
  });
  return async () => {
    await Promise.all([redis.stop(), valkey.stop(), memcached.stop(), cluster.stop()]);
  };
}
