import { SessctlError } from '../errors.js';
import { ownCopy, utf8Lossy } from '../formats/text.js';
import { asGeneric } from '../frameworks/as-generic.js';
import { interpretLean } from '../frameworks/interpret-lean.js';
import { keyMatches, keyMatchesOfPrefix, type KeyMatch } from '../frameworks/key-match.js';
import { matchLayout, parseLayouts, type Layout } from '../frameworks/layout.js';
import { forgetPayloadView } from '../frameworks/node-json-facts.js';
import type { SessionMeaning, StoredSession } from '../frameworks/types.js';
import { SCAN_SPEC } from '../options/scan.js';
import { redactKey } from '../redact.js';
import { openStore } from '../stores/from-url.js';
import { pacer } from '../stores/pace.js';
import type { RawRecord, ScanStore, Store } from '../stores/types.js';
import { classify, type ClassifyInput } from './classify.js';
import { scanFindings } from './findings.js';
import { LayerDetection } from './layer-detection.js';
import { derivedPrefix, knownPrefix } from './prefix.js';
import { PrefixStats } from './prefix-stats.js';
import { signalsFor } from './signals.js';
import {
  CLASS_IDS,
  classIndex,
  type ClassCount,
  type ClassId,
  type ClassifiedRecord,
  type LayoutEvidence,
  type ScanOptions,
  type ScanRecord,
  type ScanReport,
} from './types.js';

/** The defaults of `--min-age` and `--stale`, from the option spec. */
export const DEFAULT_MIN_AGE_MS = SCAN_SPEC.minAgeMs.default;
export const DEFAULT_STALE_MS = SCAN_SPEC.staleMs.default;
/** More distinct prefixes than this are folded into one row: a keyspace of ids must not grow the report. */
const MAX_PREFIXES = 500;
const OTHER_PREFIX = '(other)';

/**
 * Scans a store URL end to end: open, instant estimate, walk, classify, report. Never throws for a
 * node that goes down or an abort: the report says `complete: false` and why.
 *
 * @example
 * const report = await scan('redis://localhost:6379', { match: 'sess:*', signal });
 * console.log(report.classes.empty?.count);
 */
export async function scan(url: string, options: ScanOptions = {}): Promise<ScanReport> {
  // A bad layout is a usage error before anything is opened.
  parseLayouts(options.layouts);
  return scanOpened(openStore(url, { signal: options.signal }), options);
}

/** scan() of a store whose open is under way (openDumpEarly's): scans it once open, then closes it. */
export async function scanOpened(opening: Promise<Store>, options: ScanOptions = {}): Promise<ScanReport> {
  const store = await opening;
  try {
    return await scanStore(store, options);
  } finally {
    await store.close();
  }
}

/** Scans an open store (the caller closes it). Keeps only per-prefix aggregates in memory. */
export async function scanStore(store: ScanStore, options: ScanOptions = {}): Promise<ScanReport> {
  const {
    minAgeMs = DEFAULT_MIN_AGE_MS,
    staleMs = DEFAULT_STALE_MS,
    values = SCAN_SPEC.values.default,
    signal,
  } = options;
  const layouts = parseLayouts(options.layouts);
  const started = performance.now();
  const info = await store.info(signal);
  const storeKind: StoredSession['store'] =
    store.kind === 'memcached' ? 'memcached' : store.kind === 'memory' ? 'memory' : 'redis';
  const idleUsable = info.idleTrust.usable && store.capabilities.idleTime;
  const prefixes = new Map<string, PrefixStats>();
  const totals = { keys: 0, sessions: 0, bytes: 0, orphans: { count: 0, bytes: 0 } };
  const classes: Partial<Record<ClassId, ClassCount>> = {};
  /** classes' entries by classIndex: found per class of every key without a lookup by name. */
  const classCounts = new Array<ClassCount | undefined>(CLASS_IDS.length).fill(undefined);
  const problems: string[] = [];
  let complete = true;
  const walkPacer = pacer(options.rate);

  const statsFor = (prefix: string): PrefixStats => {
    let s = prefixes.get(prefix);
    if (!s) {
      if (prefixes.size >= MAX_PREFIXES) prefix = OTHER_PREFIX;
      s = prefixes.get(prefix);
      if (!s) {
        // Map keys live as long as the scan: not cut from a batch's text.
        prefix = ownCopy(prefix);
        s = new PrefixStats(prefix);
        // Detection needs payloads, and a prefix made of keys: not '' (bare ids) or the folded row.
        if (values && prefix !== OTHER_PREFIX && LayerDetection.eligible(prefix))
          s.detection = new LayerDetection(prefix);
        prefixes.set(prefix, s);
      }
    }
    return s;
  };

  const reportsKeys = options.onRecord !== undefined || options.onBatch !== undefined;
  // Redaction hashes the key: only pay for it when a record or an example is printed.
  const displayKey = (key: string, prefix: string): string =>
    options.showKeys ? key : redactKey(key, prefix === OTHER_PREFIX ? '' : prefix);

  // Declared layouts go first: they name the prefix and make their keys sessions of a custom layer.
  const declared = new Map<Layout, LayoutEvidence>(
    layouts.map((l) => [l, Object.freeze({ source: 'declared', template: l.template, confidence: 'high' } as const)]),
  );

  /** Counts one classified key everywhere at once: totals, its prefix, the ndjson line, the batch. */
  const emit = (
    record: ScanRecord,
    raw: RawRecord,
    seenAtMs: number,
    prefixStats: PrefixStats,
    key: string,
    payload: boolean,
    out: ClassifiedRecord[] | undefined,
  ): void => {
    totals.keys++;
    totals.bytes += record.bytes;
    prefixStats.add(record, payload, reportsKeys ? record.key : key, reportsKeys ? undefined : displayKey);
    if (record.framework !== 'unknown') {
      totals.sessions++;
      for (const cl of record.classes) {
        const at = classIndex(cl);
        let cc = classCounts[at];
        if (cc === undefined) classCounts[at] = cc = classes[cl] = { count: 0, bytes: 0 };
        cc.count++;
        cc.bytes += record.bytes;
      }
      if (record.orphan) {
        totals.orphans.count++;
        totals.orphans.bytes += record.bytes;
      }
    }
    options.onRecord?.(record);
    out?.push({ raw, record, seenAtMs });
  };

  /** The held keys of a prefix detection just judged: sessions of the layer if it was detected. */
  const release = (prefixStats: PrefixStats, det: LayerDetection, out: ClassifiedRecord[] | undefined): void => {
    for (const h of det.release()) {
      if (det.evidence && h.candidate) label(h.item.record, det.evidence);
      emit(h.item.record, h.item.raw, h.item.seenAtMs, prefixStats, h.key, h.payload, out);
    }
  };

  const handle = (batch: RawRecord[]): ClassifiedRecord[] | undefined => {
    // A dump's TTLs and idle times are as of its ctime: ages are measured there too.
    const nowMs = info.clockMs ?? Date.now();
    const out: ClassifiedRecord[] | undefined = options.onBatch ? [] : undefined;
    const keys: string[] = new Array(batch.length);
    const stats: PrefixStats[] = new Array(batch.length);
    const keyLayouts: Array<Layout | undefined> = new Array(batch.length);
    // A framework's default prefix, found once per key: it names the key's group and its key match.
    const knowns: Array<string | undefined> = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const rec = batch[i]!;
      const key = rec.keyText ?? utf8Lossy(rec.key);
      const layout = layouts.length ? matchLayout(layouts, key) : undefined;
      const known = knownPrefix(key);
      const s = statsFor(layout ? layout.prefix : (known ?? derivedPrefix(key)));
      // Learn the batch's TTLs before judging it, so the first keys of a prefix are not judged blind.
      s.ttl.add(rec.ttlMs, rec.idleS);
      keys[i] = key;
      stats[i] = s;
      keyLayouts[i] = layout;
      knowns[i] = known;
    }
    // One input of each kind per batch, refilled per key: neither call keeps it, and two fresh
    // objects per key were a good part of what the judging path left to the garbage collector.
    const stored: StoredSession = { key: '', bytes: undefined, hash: undefined, flags: undefined, store: storeKind };
    const judged: ClassifyInput = {
      nowMs,
      ttlMs: undefined,
      idleS: undefined,
      idleUsable,
      fetched: undefined,
      meaning: undefined,
      initialTtlS: undefined,
      minAgeS: minAgeMs / 1000,
      staleS: staleMs / 1000,
    };
    for (let i = 0; i < batch.length; i++) {
      const rec = batch[i]!;
      const key = keys[i]!;
      const prefixStats = stats[i]!;
      const layout = keyLayouts[i];
      const payload = values && (rec.value !== undefined || rec.hash !== undefined);
      let meaning: SessionMeaning | undefined;
      if (payload) {
        stored.key = key;
        stored.bytes = rec.value;
        stored.hash = rec.hash;
        stored.flags = rec.flags;
        const known = knowns[i];
        meaning = safeInterpret(stored, known === undefined ? undefined : keyMatchesOfPrefix(known));
      }
      // A known framework's payload (or, without payloads, its key layout) under a declared layout stays that framework's.
      const custom = layout !== undefined && (meaning ? meaning.framework === 'unknown' : keyMatches(key).length === 0);
      if (custom && meaning) asGeneric(meaning, 'high', layout.rules);
      judged.ttlMs = rec.ttlMs;
      judged.idleS = rec.idleS;
      judged.fetched = rec.fetched;
      judged.meaning = meaning;
      judged.initialTtlS = prefixStats.ttl.initialTtlS;
      const c = classify(judged);
      const record: ScanRecord = {
        key: reportsKeys ? displayKey(key, prefixStats.prefix) : '',
        prefix: prefixStats.prefix,
        // Without payloads the key layout is the only evidence of a framework; it still makes the
        // key a session for the metadata classes (no-ttl, stale).
        framework: custom
          ? 'generic'
          : (meaning?.framework ?? (values ? 'unknown' : (keyMatches(key)[0]?.framework.id ?? 'unknown'))),
        format: meaning?.format ?? 'unknown',
        bytes: rec.bytes,
        ttlMs: rec.ttlMs ?? null,
        idleS: rec.idleS ?? null,
        ageS: c.ageS === undefined ? null : Math.round(c.ageS),
        classes: c.classes,
        orphan: c.orphan,
        node: rec.node,
        evidence: c.evidence,
      };
      if (custom) record.evidence.layout = declared.get(layout);
      const det = record.framework === 'unknown' ? prefixStats.detection : undefined;
      if (det?.state === 'detected') {
        if (det.candidate(key, meaning)) label(record, det.evidence!);
      } else if (det?.state === 'pending') {
        if (
          det.hold({
            item: { raw: rec, record, seenAtMs: nowMs },
            key,
            payload,
            candidate: det.candidate(key, meaning),
          })
        )
          release(prefixStats, det, out);
        continue;
      }
      emit(record, rec, nowMs, prefixStats, key, payload, out);
    }
    options.onProgress?.({
      scanned: totals.keys,
      expected: info.estimate.keys,
      elapsedMs: performance.now() - started,
    });
    return out;
  };

  try {
    for await (const event of store.walk({
      match: options.match,
      count: options.count,
      values,
      pacer: walkPacer,
      signal,
    })) {
      if (event.type === 'node-failed') {
        complete = false;
        // Store errors usually name their node already.
        problems.push(
          event.error.message.startsWith(`${event.node}:`)
            ? event.error.message
            : `${event.node}: ${event.error.message}`,
        );
        continue;
      }
      const classified = handle(event.records);
      if (classified?.length) await options.onBatch!(classified);
      if (signal?.aborted) break;
    }
  } catch (err) {
    if (!(err instanceof SessctlError) || err.code !== 'SESSCTL_ABORTED') throw err;
  } finally {
    forgetPayloadView();
  }
  // Prefixes still undecided had too few keys to be detected, unless --match pointed at them.
  const leftovers: ClassifiedRecord[] | undefined = options.onBatch ? [] : undefined;
  for (const p of prefixes.values()) {
    if (p.detection?.state !== 'pending') continue;
    p.detection.finish(options.match !== undefined);
    release(p, p.detection, leftovers);
  }
  if (leftovers?.length && !signal?.aborted) await options.onBatch!(leftovers);
  if (signal?.aborted) {
    complete = false;
    problems.push('interrupted before the walk finished');
  }

  const ordered = [...prefixes.values()].sort(
    (a, b) => b.sessions - a.sessions || b.count - a.count || a.prefix.localeCompare(b.prefix),
  );
  const base: Omit<ScanReport, 'findings'> = {
    schema: 'sessctl-scan/1',
    complete,
    store: {
      kind: store.kind,
      url: store.redactedUrl,
      version: info.version,
      nodes: info.nodes,
      noTouch: store.capabilities.noTouch,
      idleTrust: info.idleTrust,
      ...(info.dump ? { dump: info.dump } : {}),
    },
    estimate: info.estimate,
    options: { match: options.match ?? null, minAgeS: minAgeMs / 1000, staleS: staleMs / 1000, values },
    durationMs: Math.round(performance.now() - started),
    totals,
    classes: orderClasses(classes),
    prefixes: ordered.map((p) => p.report(signalsFor(p, store.capabilities, info.idleTrust, values))),
    problems,
    pacing: walkPacer.report(),
  };
  return { ...base, findings: scanFindings(base) };
}

/** A key of a detected custom layer: a session of framework `generic`, saying how it was recognised. */
function label(record: ScanRecord, evidence: LayoutEvidence): void {
  record.framework = 'generic';
  record.evidence.layout = evidence;
}

function safeInterpret(input: StoredSession, byKey: readonly KeyMatch[] | undefined): SessionMeaning {
  try {
    return interpretLean(input, byKey);
  } catch (err) {
    return {
      framework: 'unknown',
      format: 'unknown',
      confidence: 'low',
      decoded: false,
      reason: `decoder failed: ${(err as Error).message}`,
      empty: false,
      anonymous: false,
      userKeys: [],
    };
  }
}

function orderClasses(c: Partial<Record<ClassId, ClassCount>>): Partial<Record<ClassId, ClassCount>> {
  const out: Partial<Record<ClassId, ClassCount>> = {};
  for (const id of CLASS_IDS) if (c[id]) out[id] = c[id];
  return out;
}
