/** What `INFO` tells the scan before it walks anything (research notes §2.2, §7.1 phase 0). */
export interface RedisServerFacts {
  product: 'redis' | 'valkey';
  version: string;
  role: 'master' | 'slave' | string;
  /** Changes with every restart: a SCAN cursor is only valid on the process that gave it. */
  runId: string;
  uptimeS: number;
  maxmemoryPolicy: string;
  forkRunning: boolean;
  /** INFO keyspace for the selected db. */
  keys: number;
  expires: number;
}

export function parseInfo(text: string, db = 0): RedisServerFacts {
  const f = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) f.set(line.slice(0, i), line.slice(i + 1));
  }
  const ks = f.get(`db${db}`) ?? '';
  const num = (re: RegExp) => Number(re.exec(ks)?.[1] ?? 0);
  const valkey = f.get('valkey_version');
  return {
    product: valkey || f.get('server_name') === 'valkey' ? 'valkey' : 'redis',
    version: valkey ?? f.get('redis_version') ?? 'unknown',
    role: f.get('role') ?? 'master',
    runId: f.get('run_id') ?? '',
    uptimeS: Number(f.get('uptime_in_seconds') ?? 0),
    maxmemoryPolicy: f.get('maxmemory_policy') ?? 'noeviction',
    forkRunning: f.get('rdb_bgsave_in_progress') === '1' || f.get('aof_rewrite_in_progress') === '1',
    keys: num(/keys=(\d+)/),
    expires: num(/expires=(\d+)/),
  };
}

const DAY_S = 86_400;

/**
 * Why idle times on these nodes may lie, in plain words. Only an LFU policy (no idle clock at all)
 * or a replica (reads on the primary are invisible) makes them unusable; the rest are caveats.
 */
export function redisIdleTrust(
  facts: RedisServerFacts[],
  noTouch: boolean,
  values: boolean,
): { usable: boolean; reasons: string[] } {
  const reasons: string[] = [];
  let usable = true;
  const lfu = facts.find((f) => f.maxmemoryPolicy.includes('lfu'));
  if (lfu) {
    usable = false;
    reasons.push(
      `maxmemory-policy ${lfu.maxmemoryPolicy}: the server keeps an access frequency, not an idle clock, so idle time is unknown`,
    );
  }
  if (facts.some((f) => f.role !== 'master')) {
    usable = false;
    reasons.push(
      'connected to a replica: reads served by the primary do not reach it, so its idle times overstate; scan the primary',
    );
  }
  if (facts.some((f) => f.forkRunning)) {
    reasons.push(
      'a BGSAVE or AOF rewrite is running: the server does not update idle time while it runs, so recent reads may be missed',
    );
  }
  const young = facts.filter((f) => f.uptimeS < DAY_S);
  if (young.length && !facts.every((f) => f.maxmemoryPolicy.includes('lru'))) {
    const up = Math.min(...young.map((f) => f.uptimeS));
    reasons.push(
      `server up for only ${formatSeconds(up)}: a restart resets idle times (unless maxmemory-policy is an LRU one), so no idle figure exceeds that`,
    );
  }
  if (!noTouch) {
    reasons.push(
      values
        ? "server lacks CLIENT NO-TOUCH (Redis < 7.2): each key's idle time is read before its payload, but reading the payload resets it, so a second scan sees idle ≈ 0 (use --no-values to leave idle times alone)"
        : 'server lacks CLIENT NO-TOUCH (Redis < 7.2): payloads were not read (--no-values), so idle times are untouched but empty sessions cannot be recognised',
    );
  }
  return { usable, reasons };
}

export function formatSeconds(s: number): string {
  if (s < 120) return `${Math.round(s)}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 2 * DAY_S) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / DAY_S)}d`;
}
