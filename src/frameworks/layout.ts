import { UsageError } from '../errors.js';
import type { RecordRules } from './classify-record.js';

/**
 * A custom session layer's key layout as a user declares it (`--layout 'session_{id}'`, config
 * `layouts`) or a probe learned it (`model.storeKeys`): a template with one placeholder where the
 * id goes, plus the payload keys that identify a user or are only the layer's own metadata.
 */
export interface LayoutSpec {
  template: string;
  /** Payload keys (dotted paths) whose presence makes a session authenticated, on top of the generic identity rule. */
  userKeys?: readonly string[];
  /** Payload keys the layer writes itself: they do not count as user data. */
  metadataKeys?: readonly string[];
}

export interface Layout {
  readonly template: string;
  /** Where the scan reports its keys: the text before the placeholder, or the template with `*` for it. */
  readonly prefix: string;
  readonly head: string;
  readonly tail: string;
  /** The hex length a hashed id has (`{md5(token)}` = 32), or 0 when any id goes. */
  readonly hexLength: number;
  /** Undefined when neither userKeys nor metadataKeys were given: the generic rule applies as is. */
  readonly rules: RecordRules | undefined;
}

export type LayoutParse = { ok: true; layout: Layout } | { ok: false; problem: string };

const HASH_HEX = { md5: 32, sha1: 40, sha256: 64, sha512: 128 } as const;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const PLACEHOLDERS = '{id}, {md5(token)}, {sha1(token)}, {sha256(token)} or {sha512(token)}';

/**
 * Reads a layout template. `{id}` (or `{token}`) takes any non-empty id; `{md5(token)}`,
 * `{sha1(…)}`, `{sha256(…)}`, `{sha512(…)}` take the hex digest of what is named, as the probe
 * reports them in `storeKeys`. Never throws: a bad template comes back with the problem in words.
 *
 * @example
 * parseLayout('session_{md5(token)}') // { ok: true, layout: { prefix: 'session_', hexLength: 32, … } }
 * parseLayout({ template: 'app:sess:{id}', userKeys: ['owner'] })
 */
export function parseLayout(spec: string | LayoutSpec): LayoutParse {
  const { template, userKeys = [], metadataKeys = [] } = typeof spec === 'string' ? { template: spec } : spec;
  const quoted = JSON.stringify(template);
  const found = [...template.matchAll(PLACEHOLDER)];
  if (found.length !== 1) {
    return {
      ok: false,
      problem: `layout ${quoted} must hold exactly one placeholder for the id (${PLACEHOLDERS}), e.g. session_{id}`,
    };
  }
  const [whole, inner] = [found[0]![0], found[0]![1]!.trim()];
  const head = template.slice(0, found[0]!.index);
  const tail = template.slice(found[0]!.index! + whole.length);
  if (/[{}]/.test(head + tail))
    return {
      ok: false,
      problem: `layout ${quoted} has an unmatched brace: write the id as one placeholder, e.g. session_{id}`,
    };
  let hexLength = 0;
  if (inner !== 'id' && inner !== 'token') {
    const hash = /^(md5|sha1|sha256|sha512)\(\s*(?:id|token)\s*\)$/.exec(inner);
    if (!hash) return { ok: false, problem: `layout ${quoted}: unknown placeholder {${inner}}; use ${PLACEHOLDERS}` };
    hexLength = HASH_HEX[hash[1] as keyof typeof HASH_HEX];
  }
  // A bare `{id}` would call every key of the store a session.
  if (hexLength === 0 && head === '')
    return {
      ok: false,
      problem: `layout ${quoted} has no fixed text before the id: give the key prefix, e.g. session_{id}`,
    };
  for (const [name, list] of [
    ['userKeys', userKeys],
    ['metadataKeys', metadataKeys],
  ] as const) {
    if (list.some((k) => typeof k !== 'string' || k.trim() === ''))
      return { ok: false, problem: `layout ${quoted}: ${name} must be non-empty key names` };
  }
  const rules =
    userKeys.length || metadataKeys.length ? { metadata: new Set(metadataKeys), identity: [...userKeys] } : undefined;
  const prefix = tail === '' ? head : `${head}*${tail}`;
  return { ok: true, layout: { template, prefix, head, tail, hexLength, rules } };
}

/** The layout a key follows, the most specific first (a hashed id before any id), or undefined. */
export function matchLayout(layouts: readonly Layout[], key: string): Layout | undefined {
  for (const l of layouts) {
    const idLength = key.length - l.head.length - l.tail.length;
    if (idLength <= 0 || !key.startsWith(l.head) || !key.endsWith(l.tail)) continue;
    if (l.hexLength && (idLength !== l.hexLength || !isHex(key, l.head.length, l.head.length + idLength))) continue;
    return l;
  }
  return undefined;
}

/** Orders layouts for matchLayout: hashed ids first, then the longer fixed text. */
export function bySpecificity(layouts: readonly Layout[]): Layout[] {
  return [...layouts].sort(
    (a, b) =>
      Number(b.hexLength > 0) - Number(a.hexLength > 0) ||
      b.head.length + b.tail.length - (a.head.length + a.tail.length),
  );
}

function isHex(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/**
 * Reads every layout or throws a UsageError naming the first bad one (exit 2, nothing scanned).
 * Config files check theirs with parseLayout() to name the field instead.
 */
export function parseLayouts(specs: ReadonlyArray<string | LayoutSpec> | undefined): Layout[] {
  const out: Layout[] = [];
  for (const spec of specs ?? []) {
    const r = parseLayout(spec);
    if (!r.ok)
      throw new UsageError(r.problem, {
        hint: "e.g. --layout 'session_{id}' or --layout 'session_{md5(token)}' (the probe's storeKeys)",
      });
    out.push(r.layout);
  }
  return bySpecificity(out);
}
