import { SessctlError, UsageError } from '../errors.js';
import { openStore } from '../stores/from-url.js';
import { parseStoreUrl } from '../stores/store-url.js';

/** Lists the live keys under a prefix, so the probe can diff before/after each step. */
export interface KeyCounter {
  redacted: string;
  keys(prefix: string | null): Promise<Set<string>>;
  close(): Promise<void>;
}

/** A probe only compares small snapshots; past this the user must name the prefix. */
const MAX_KEYS = 200_000;

/**
 * Read-only key listing for store correlation, through the store's own `listKeys` (SCAN on every
 * primary, `lru_crawler metadump` on every memcached server). Nothing here changes the server's
 * configuration or touches a value.
 */
export async function openKeyCounter(url: string): Promise<KeyCounter> {
  const parsed = parseStoreUrl(url);
  const needsLive = () =>
    new UsageError(
      `--store ${parsed.redacted} is an RDB dump: the probe counts the keys each request creates, so it needs the live server`,
    );
  if (parsed.kind === 'rdb') throw needsLive();
  const store = await openStore(parsed, { connectTimeoutMs: 3000 }).catch((err: unknown) => {
    throw namedByUrl(err, parsed.redacted);
  });
  if (!store.listKeys) {
    await store.close();
    throw needsLive();
  }
  const list = store.listKeys.bind(store);
  return {
    redacted: parsed.redacted,
    async keys(prefix) {
      const out = new Set<string>();
      for await (const batch of list(prefix)) {
        for (const k of batch) out.add(k);
        if (out.size > MAX_KEYS) throw tooMany(parsed.redacted);
      }
      return out;
    },
    close: () => store.close(),
  };
}

/** The store names the node it could not reach; the probe names the --store URL it was given. */
function namedByUrl(err: unknown, redacted: string): unknown {
  if (!(err instanceof SessctlError) || err.code !== 'SESSCTL_STORE_UNREACHABLE') return err;
  const reason = /^cannot connect to \S+: (.*)$/s.exec(err.message)?.[1] ?? err.message;
  return new SessctlError(err.code, `cannot connect to ${redacted}: ${reason}`, { cause: err, hint: err.hint });
}

function tooMany(redacted: string): SessctlError {
  return new SessctlError('SESSCTL_STORE_ERROR', `${redacted} holds more than ${MAX_KEYS} keys`, {
    hint: 'pass --store-prefix with the session key prefix (e.g. sess:)',
  });
}
