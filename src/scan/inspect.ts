import { UsageError } from '../errors.js';
import { asGeneric } from '../frameworks/as-generic.js';
import { interpret } from '../frameworks/interpret.js';
import { matchLayout, parseLayouts } from '../frameworks/layout.js';
import type { SessionMeaning } from '../frameworks/types.js';
import { buildDecodeReport, redactStoreKey, type DecodeReport } from '../frameworks/decode-report.js';
import { openStore } from '../stores/from-url.js';
import type { DumpFacts, IdleTrust } from '../stores/types.js';
import { classify } from './classify.js';
import { LayerDetection } from './layer-detection.js';
import { prefixOf } from './prefix.js';
import { DEFAULT_MIN_AGE_MS, DEFAULT_STALE_MS } from './scan.js';
import type { ClassId, Evidence, ScanOptions } from './types.js';

export interface InspectOptions {
  showValues?: boolean;
  minAgeMs?: number;
  staleMs?: number;
  /** Custom session layers: a key following one is a session of framework `generic`, read with its rules. */
  layouts?: ScanOptions['layouts'];
  signal?: AbortSignal;
}

/** `sessctl inspect --format json`: the decode report plus what the store says about the key. */
export interface InspectReport extends Omit<DecodeReport, 'schema'> {
  schema: 'sessctl-inspect/1';
  store: { kind: string; url: string; version: string; noTouch: boolean; idleTrust: IdleTrust; dump?: DumpFacts };
  node: string;
  ttlMs: number | null;
  idleS: number | null;
  ageS: number | null;
  fetched: boolean | null;
  classes: ClassId[];
  orphan: boolean;
  evidence: Evidence;
  /**
   * Set when no framework and no --layout claims the key but it looks like a custom layer's (an
   * object under an id-shaped suffix or a prefix naming sessions): the layout the scan would detect
   * over the prefix's keys, to pass as --layout.
   */
  layoutHint?: string;
}

/**
 * One key through the scan's pipeline, read the scan's way: TTL and idle time before the payload,
 * the payload without touching where the store allows it (NO-TOUCH, `mg … u`, peek).
 */
export async function inspectKey(url: string, key: string, options: InspectOptions = {}): Promise<InspectReport> {
  const layout = matchLayout(parseLayouts(options.layouts), key);
  const store = await openStore(url, { signal: options.signal });
  try {
    const info = await store.info(options.signal);
    const [rec] = await store.lookup([key], { values: true, signal: options.signal });
    if (!rec) throw new UsageError(`no key ${options.showValues ? key : redactStoreKey(key)} in ${store.redactedUrl}`);
    const storeKind = store.kind === 'memcached' ? 'memcached' : store.kind === 'memory' ? 'memory' : 'redis';
    const meaning: SessionMeaning = interpret({
      key,
      bytes: rec.value,
      hash: rec.hash,
      flags: rec.flags,
      store: storeKind,
    });
    // As the scan does: a known framework's payload keeps its framework under a declared layout.
    const custom = layout !== undefined && meaning.framework === 'unknown';
    if (custom) asGeneric(meaning, 'high', layout.rules);
    const c = classify({
      nowMs: info.clockMs ?? Date.now(),
      ttlMs: rec.ttlMs,
      idleS: rec.idleS,
      idleUsable: info.idleTrust.usable && store.capabilities.idleTime,
      fetched: rec.fetched,
      meaning,
      minAgeS: (options.minAgeMs ?? DEFAULT_MIN_AGE_MS) / 1000,
      staleS: (options.staleMs ?? DEFAULT_STALE_MS) / 1000,
    });
    if (custom) c.evidence.layout = { source: 'declared', template: layout.template, confidence: 'high' };
    // One key cannot make a detection (the scan needs a prefix's keys to agree); it can say what to declare.
    const prefix = prefixOf(key);
    const hint =
      !custom &&
      meaning.framework === 'unknown' &&
      LayerDetection.eligible(prefix) &&
      new LayerDetection(prefix).candidate(key, meaning)
        ? `${prefix}{id}`
        : undefined;
    const decoded = buildDecodeReport(meaning, { key, bytes: rec.bytes, showValues: options.showValues });
    return {
      ...decoded,
      schema: 'sessctl-inspect/1',
      store: {
        kind: store.kind,
        url: store.redactedUrl,
        version: info.version,
        noTouch: store.capabilities.noTouch,
        idleTrust: info.idleTrust,
        ...(info.dump ? { dump: info.dump } : {}),
      },
      node: rec.node,
      ttlMs: rec.ttlMs ?? null,
      idleS: rec.idleS ?? null,
      ageS: c.ageS === undefined ? null : Math.round(c.ageS),
      fetched: rec.fetched ?? null,
      classes: c.classes,
      orphan: c.orphan,
      evidence: c.evidence,
      ...(hint ? { layoutHint: hint } : {}),
    };
  } finally {
    await store.close();
  }
}
