import type { StoreCapabilities, IdleTrust } from '../stores/types.js';
import type { PrefixStats } from './prefix-stats.js';
import type { SignalStatement } from './types.js';

/**
 * Which signals hold for a prefix, said plainly: the report never claims `never-read` where the
 * evidence cannot carry it.
 */
export function signalsFor(
  p: PrefixStats,
  caps: StoreCapabilities,
  trust: IdleTrust,
  valuesRead: boolean,
): SignalStatement[] {
  const out: SignalStatement[] = [];
  const all = p.count;
  out.push(
    p.withIdle === all && trust.usable
      ? {
          signal: 'idle-time',
          holds: true,
          why:
            trust.from ??
            (caps.noTouch
              ? 'read without touching (CLIENT NO-TOUCH / mg u / peek)'
              : 'read before each payload, in the same pipeline'),
        }
      : {
          signal: 'idle-time',
          holds: false,
          why: trust.usable
            ? 'the store gave no idle time for some keys'
            : (trust.reasons[0] ?? 'idle time is not trustworthy here'),
        },
  );
  if (caps.fetchFlag)
    out.push({
      signal: 'fetch-flag',
      holds: p.withFetchFlag === all,
      why: 'memcached fetch=no: not read since the last write',
    });
  const initial = p.ttl.initialTtlS;
  out.push(
    initial !== undefined
      ? { signal: 'initial-ttl', holds: true, why: `${initial}s, from PTTL + idle of ${p.ttl.support} keys` }
      : {
          signal: 'initial-ttl',
          holds: false,
          why: p.withTtl ? 'too few untouched keys agree on PTTL + idle' : 'no key has a TTL',
        },
  );
  if (!valuesRead) {
    out.push({
      signal: 'payload',
      holds: false,
      why: 'payloads not read (--no-values): empty, anonymous and created-at are unknown',
    });
  } else {
    out.push({ signal: 'payload', holds: true, why: `${p.payloadsRead} payloads decoded or tried` });
    out.push(
      p.withCreatedAt
        ? {
            signal: 'created-at',
            holds: p.withCreatedAt === p.sessions,
            why: `${p.withCreatedAt} of ${p.sessions} sessions record their creation time`,
          }
        : { signal: 'created-at', holds: false, why: 'the payload records no creation time' },
    );
  }
  let never: SignalStatement;
  if (p.rewritesOnRequest && !p.withCreatedAt)
    never = {
      signal: 'never-read',
      holds: false,
      why: 'the framework rewrites the session on every request, so "not read since the last write" proves nothing: idle sessions are reported as stale instead',
    };
  else if (!p.withCreatedAt)
    never = {
      signal: 'never-read',
      holds: false,
      why: 'not provable without a creation time in the payload (idle time alone cannot tell creation from the last write)',
    };
  else if (!trust.usable)
    never = { signal: 'never-read', holds: false, why: 'idle times are not trustworthy on this store' };
  else
    never = {
      signal: 'never-read',
      holds: true,
      why: 'creation time from the payload and idle time since the last access agree',
    };
  out.push(never);
  return out;
}
