import { asBuffer, latin1, utf8Text } from '../formats/text.js';
import { parseIsoTimeAscii, quickIsoTimeAscii, quickIsoTimeView } from './iso-time.js';

/**
 * What a node session payload (express-session, @fastify/session, connect-memcached) tells the
 * scan, read straight from its JSON bytes without building the value: the cookie members the
 * frameworks' shape checks and `lastWrittenAt` look at, what `passport` holds, and each other
 * top-level member's name and presence. `readNodeJson` answers only for text it can read exactly
 * as JSON.parse would, and leaves everything else to the full decoder (undefined):
 *   - a top-level object with `"` as its second byte (the json sniffer's sure case), ASCII only,
 *     no backslash, at most MAX_BYTES (so the decoder's bounds walk provably passes) and nesting
 *     at most MAX_NESTING deep;
 *   - a `cookie` member that is a flat object holding `originalMaxAge` and `path`;
 *   - no member name that another framework's shape reads (`_…` for koa, Flask and Django, `v` for
 *     sessctl's envelope) or that makes an object opaque (`$…`), and no repeated name where
 *     JSON.parse's last-wins would matter.
 */
export interface NodeJsonFacts {
  /** The cookie is @fastify/session's (see isFastifyCookie in node-cookie.ts). */
  fastifyCookie: boolean;
  /** `expires − originalMaxAge`, when both have the types lastWrittenAt needs and the date parses. */
  lastWrite: number | undefined;
  /** A `passport` member with a present value (isPresent). */
  passportPresent: boolean;
  /** `passport` is an object holding a `user` member. */
  passportHasUser: boolean;
  /** That `user` member is present. */
  passportUserPresent: boolean;
  /** The other top-level members, in order, and whether each value is present (undefined: none). */
  names: string[] | undefined;
  present: boolean[] | undefined;
}

/** 64 KiB holds fewer values and string bytes than the default limits allow, so no bounds check can fail. */
const MAX_BYTES = 64 * 1024;
/** Well under the default maxDepth (64). */
const MAX_NESTING = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

// Cookie members the shape checks read, as bits: a repeat of one of them is left to JSON.parse.
const MAX_AGE = 1;
const PATH = 2;
const EXPIRES = 4;
const ORIGINAL_EXPIRES = 8;
const SAME_SITE = 16;
const DOMAIN = 32;
const SECURE = 64;

/** Scalar kinds the cookie cares about. */
const K_NULL = 1;
const K_NUMBER = 2;
const K_STRING = 3;
const K_OTHER = 4;

// The reader's state: module-level so that one scanned payload allocates nothing but its names.
/** Whether the value just read is present (isPresent in classify-record.ts). */
let present = false;
/** The kind of the scalar just read, and where it started. */
let kind = 0;
let valueStart = 0;
/** What readCookie saw of originalMaxAge (undefined unless a number) and where expires' text starts (-1 unless a string). */
let cookieMaxAge: number | undefined;
let cookieExpires = -1;
let cookieExpiresEnd = -1;

/**
 * The last leading cookie read (`{"cookie":{…}` up to its `}`), for the next payload. One app
 * writes the same cookie into every session but for its `expires` date, so a payload whose first
 * bytes equal it outside that date has the same cookie facts: only the date is read again.
 *
 * It is kept as 8-byte words (at 2, 10, … and one ending where each compared span ends): a typed
 * array's element reads cost about 1 ns a byte in V8, a DataView's float64 read about the same for
 * eight. Two words compare equal as doubles only when their bits do, since a word of JSON text
 * is never ±0 (no zero byte) nor NaN (no 0x7f or high byte): remember() refuses any that would be.
 */
/** A longer cookie is not remembered: the comparison would cost what it saves. */
const MEMO_MAX = 512;
const DATE_LENGTH = 24;
const memoAt = new Int32Array(MEMO_MAX / 8 + 4);
const memoWord = new Float64Array(MEMO_MAX / 8 + 4);
let memoWords = 0;
/** Spans shorter than a word (`"}` after a last-member date) are compared a byte at a time. */
const memoByteAt = new Int32Array(16);
const memoByte = new Uint8Array(16);
let memoBytes = 0;
let memoEnd = 0;
let memoExpires = -1;
let memoMaxAge: number | undefined;
let memoFastify = false;
/** The last date sameCookie parsed, as its three words, and its time: sessions written together share it. */
let dateWord0 = NaN;
let dateWord1 = NaN;
let dateWord2 = NaN;
let dateTime = 0;
/** A DataView of the last payload's ArrayBuffer: a scan's payloads are views into a few large ones. */
let view: DataView | undefined;
let viewBuffer: ArrayBufferLike | undefined;

/**
 * `into`, when given, is filled and returned instead of a new object: the scan reads one payload's
 * facts before the next, and a fresh object per key was most of what this allocated.
 */
export function readNodeJson(bytes: Uint8Array, into?: NodeJsonFacts): NodeJsonFacts | undefined {
  const n = bytes.length;
  if (n < 2 || n > MAX_BYTES || bytes[0] !== OPEN_OBJECT || bytes[1] !== QUOTE) return undefined;
  const b = bytes;
  const facts = into ?? newFacts();
  if (into) {
    facts.fastifyCookie = false;
    facts.lastWrite = undefined;
    facts.passportPresent = false;
    facts.passportHasUser = false;
    facts.passportUserPresent = false;
    facts.names = undefined;
    facts.present = undefined;
  }
  let passport = false;
  let reused = sameCookie(b, facts);
  let cookie = reused;
  let i = reused ? memoEnd : 1;
  for (;;) {
    if (reused) {
      reused = false;
      i = member(b, i);
      if (i === END) return facts;
      if (i < 0) return undefined;
      continue;
    }
    const nameStart = i + 1;
    i = string(b, i);
    if (i < 0) return undefined;
    const nameEnd = i - 1;
    const first = b[nameStart];
    // `_…`: koa, Flask and Django shapes; `$…`: opaque objects; `v`: sessctl's envelope.
    if (first === 0x5f || first === 0x24 || (nameEnd - nameStart === 1 && first === 0x76)) return undefined;
    i = space(b, i);
    if (b[i] !== COLON) return undefined;
    i = space(b, i + 1);
    if (named(b, nameStart, nameEnd, 'cookie')) {
      if (cookie) return undefined;
      cookie = true;
      i = readCookie(b, i, facts);
      if (nameStart === 2 && i > 0) remember(b, i, facts);
    } else if (named(b, nameStart, nameEnd, 'passport')) {
      if (passport) return undefined;
      passport = true;
      i = readPassport(b, i, facts);
    } else {
      const name = utf8Text(asBuffer(b), nameStart, nameEnd)!;
      if (facts.names === undefined) {
        facts.names = [];
        facts.present = [];
      } else if (facts.names.includes(name)) return undefined;
      i = value(b, i, 1);
      facts.names.push(name);
      facts.present!.push(present);
    }
    if (i < 0) return undefined;
    i = member(b, i);
    if (i === END) return cookie ? facts : undefined;
    if (i < 0) return undefined;
  }
}

export function newFacts(): NodeJsonFacts {
  return {
    fastifyCookie: false,
    lastWrite: undefined,
    passportPresent: false,
    passportHasUser: false,
    passportUserPresent: false,
    names: undefined,
    present: undefined,
  };
}

/** The top-level object closed, with nothing after it but white space. */
const END = -2;

/** After a top-level member: where the next member's name starts, END, or -1 for text JSON.parse would not read so. */
function member(b: Uint8Array, i: number): number {
  i = space(b, i);
  if (b[i] === COMMA) return space(b, i + 1);
  if (b[i] !== CLOSE_OBJECT) return -1;
  return space(b, i + 1) === b.length ? END : -1;
}

/**
 * Remembers the leading cookie that ends at `end`. Its expires, when a string, must be a date in
 * the quick form (the one span a later payload may differ in); a cookie without one (express's
 * browser-session cookie, `"expires":null`) is compared whole.
 */
function remember(b: Uint8Array, end: number, facts: NodeJsonFacts): void {
  if (end > MEMO_MAX) return;
  const dated = cookieExpires >= 0;
  if (
    dated &&
    (cookieExpiresEnd - cookieExpires !== DATE_LENGTH ||
      quickIsoTimeAscii(b, cookieExpires, cookieExpiresEnd) === undefined)
  )
    return;
  const v = viewOf(b);
  const o = b.byteOffset;
  let n = 0;
  let bytes = 0;
  memoEnd = 0;
  // The spans compared: all but `{"` (the caller checked it), less the date when there is one.
  const spans = dated ? [2, cookieExpires, cookieExpiresEnd, end] : [2, end];
  for (let s = 0; s < spans.length; s += 2) {
    const from = spans[s]!;
    const to = spans[s + 1]!;
    if (to - from < 8) {
      for (let k = from; k < to; k++) {
        memoByteAt[bytes] = k;
        memoByte[bytes++] = b[k]!;
      }
      continue;
    }
    for (let k = from; ; k += 8) {
      const at = Math.min(k, to - 8);
      const w = v.getFloat64(o + at, true);
      if (w === 0 || w !== w) return;
      memoAt[n] = at;
      memoWord[n++] = w;
      if (at === to - 8) break;
    }
  }
  memoWords = n;
  memoBytes = bytes;
  memoEnd = end;
  memoExpires = dated ? cookieExpires : -1;
  memoMaxAge = cookieMaxAge;
  memoFastify = facts.fastifyCookie;
}

/**
 * Drops the DataView of the last payload's buffer: kept between payloads it would keep a batch's
 * whole buffer alive after the scan that read it (a library's process goes on). Called when a
 * walk ends; the next payload makes a new one.
 */
export function forgetPayloadView(): void {
  view = undefined;
  viewBuffer = undefined;
}

function viewOf(b: Uint8Array): DataView {
  const buffer = b.buffer;
  if (buffer !== viewBuffer) {
    view = new DataView(buffer);
    viewBuffer = buffer;
  }
  return view!;
}

/**
 * Whether the payload starts with the remembered cookie, byte for byte outside its expires date,
 * and that date is in the quick form: then its facts are the remembered ones with this date.
 */
function sameCookie(b: Uint8Array, facts: NodeJsonFacts): boolean {
  const end = memoEnd;
  if (end === 0 || b.length <= end) return false;
  const v = viewOf(b);
  const o = b.byteOffset;
  const n = memoWords;
  for (let k = 0; k < n; k++) if (v.getFloat64(o + memoAt[k]!, true) !== memoWord[k]) return false;
  for (let k = 0; k < memoBytes; k++) if (b[memoByteAt[k]!] !== memoByte[k]) return false;
  const date = memoExpires;
  if (date >= 0) {
    const w0 = v.getFloat64(o + date, true);
    const w1 = v.getFloat64(o + date + 8, true);
    const w2 = v.getFloat64(o + date + 16, true);
    let t: number | undefined = dateTime;
    if (w0 !== dateWord0 || w1 !== dateWord1 || w2 !== dateWord2) {
      t = quickIsoTimeView(v, o + date);
      if (t === undefined) return false;
      // a parsed date is ASCII digits and separators: its words compare as their bits
      dateWord0 = w0;
      dateWord1 = w1;
      dateWord2 = w2;
      dateTime = t;
    }
    if (memoMaxAge !== undefined) facts.lastWrite = t - memoMaxAge;
  }
  facts.fastifyCookie = memoFastify;
  return true;
}

/** The cookie: a flat object of scalars with originalMaxAge and path. Returns the end, or -1. */
function readCookie(b: Uint8Array, i: number, facts: NodeJsonFacts): number {
  if (b[i] !== OPEN_OBJECT) return -1;
  let seen = 0;
  let maxAge: number | undefined;
  let expires = -1;
  let expiresEnd = -1;
  let sameSiteNull = false;
  let domainNull = false;
  let secureNull = false;
  i = space(b, i + 1);
  if (b[i] === CLOSE_OBJECT) return -1;
  for (;;) {
    const nameStart = i + 1;
    i = string(b, i);
    if (i < 0 || b[nameStart] === 0x24) return -1;
    const bit = cookieMember(b, nameStart, i - 1);
    if (seen & bit) return -1;
    seen |= bit;
    i = space(b, i);
    if (b[i] !== COLON) return -1;
    i = scalar(b, space(b, i + 1));
    if (i < 0) return -1;
    if (bit === MAX_AGE && kind === K_NUMBER) maxAge = numberAt(b, valueStart, i);
    else if (bit === EXPIRES && kind === K_STRING) {
      expires = valueStart + 1;
      expiresEnd = i - 1;
    } else if (bit === SAME_SITE) sameSiteNull = kind === K_NULL;
    else if (bit === DOMAIN) domainNull = kind === K_NULL;
    else if (bit === SECURE) secureNull = kind === K_NULL;
    i = space(b, i);
    if (b[i] === COMMA) {
      i = space(b, i + 1);
      continue;
    }
    if (b[i] !== CLOSE_OBJECT || (seen & (MAX_AGE | PATH)) !== (MAX_AGE | PATH)) return -1;
    break;
  }
  facts.fastifyCookie =
    (seen & ORIGINAL_EXPIRES) !== 0 ||
    (sameSiteNull && domainNull) ||
    (domainNull && (seen & SECURE) !== 0 && secureNull);
  cookieMaxAge = maxAge;
  cookieExpires = expires;
  cookieExpiresEnd = expiresEnd;
  if (maxAge !== undefined && expires >= 0) {
    const t = parseIsoTimeAscii(b, expires, expiresEnd);
    if (Number.isFinite(t)) facts.lastWrite = t - maxAge;
  }
  return i + 1;
}

function cookieMember(b: Uint8Array, start: number, end: number): number {
  switch (end - start) {
    case 14:
      return named(b, start, end, 'originalMaxAge') ? MAX_AGE : 0;
    case 4:
      return named(b, start, end, 'path') ? PATH : 0;
    case 7:
      return named(b, start, end, 'expires') ? EXPIRES : 0;
    case 15:
      return named(b, start, end, 'originalExpires') ? ORIGINAL_EXPIRES : 0;
    case 8:
      return named(b, start, end, 'sameSite') ? SAME_SITE : 0;
    case 6:
      return named(b, start, end, 'domain') ? DOMAIN : named(b, start, end, 'secure') ? SECURE : 0;
    default:
      return 0;
  }
}

/** passport: any value; when an object, whether it holds a `user` and whether that is present. */
function readPassport(b: Uint8Array, i: number, facts: NodeJsonFacts): number {
  if (b[i] !== OPEN_OBJECT) {
    i = value(b, i, 1);
    facts.passportPresent = present;
    return i;
  }
  i = space(b, i + 1);
  if (b[i] === CLOSE_OBJECT) return i + 1;
  for (;;) {
    const nameStart = i + 1;
    i = string(b, i);
    if (i < 0 || b[nameStart] === 0x24) return -1;
    const user = named(b, nameStart, i - 1, 'user');
    if (user && facts.passportHasUser) return -1;
    i = space(b, i);
    if (b[i] !== COLON) return -1;
    i = value(b, space(b, i + 1), 2);
    if (i < 0) return -1;
    if (user) {
      facts.passportHasUser = true;
      facts.passportUserPresent = present;
    }
    i = space(b, i);
    if (b[i] === COMMA) {
      i = space(b, i + 1);
      continue;
    }
    if (b[i] !== CLOSE_OBJECT) return -1;
    facts.passportPresent = true;
    return i + 1;
  }
}

/** Any JSON value at depth `depth`; sets `present`. Returns the end, or -1. */
function value(b: Uint8Array, i: number, depth: number): number {
  const c = b[i];
  if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
    i = scalar(b, i);
    present =
      kind === K_NUMBER || (kind === K_STRING && i - valueStart > 2) || (kind === K_OTHER && b[valueStart] === 0x74);
    return i;
  }
  if (depth > MAX_NESTING) return -1;
  const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
  i = space(b, i + 1);
  if (b[i] === close) {
    present = false;
    return i + 1;
  }
  for (;;) {
    if (close === CLOSE_OBJECT) {
      if (b[i] !== QUOTE) return -1;
      i = space(b, string(b, i));
      if (i < 0 || b[i] !== COLON) return -1;
      i = space(b, i + 1);
    }
    i = value(b, i, depth + 1);
    if (i < 0) return -1;
    i = space(b, i);
    if (b[i] === COMMA) {
      i = space(b, i + 1);
      continue;
    }
    if (b[i] !== close) return -1;
    present = true;
    return i + 1;
  }
}

/** A string, number, true, false or null; sets `kind` and `valueStart`. Returns the end, or -1. */
function scalar(b: Uint8Array, i: number): number {
  valueStart = i;
  const c = b[i];
  if (c === QUOTE) {
    kind = K_STRING;
    return string(b, i);
  }
  if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
    kind = K_NUMBER;
    return number(b, i);
  }
  kind = K_OTHER;
  if (c === 0x74) return literal(b, i, 'true');
  if (c === 0x66) return literal(b, i, 'false');
  if (c === 0x6e) {
    kind = K_NULL;
    return literal(b, i, 'null');
  }
  return -1;
}

/** A string without escapes or control characters, from its opening quote. Returns the end, or -1. */
function string(b: Uint8Array, i: number): number {
  if (i < 0 || b[i] !== QUOTE) return -1;
  const n = b.length;
  for (i++; i < n; i++) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    // non-ASCII is left to the decoder's UTF-8 check; outside strings the grammar refuses it
    if (c === BACKSLASH || c < 0x20 || c > 0x7e) return -1;
  }
  return -1;
}

/** A number in JSON's grammar. Returns the end, or -1. */
function number(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    if (!isDigit(b[++i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

/** The number at [start, end): digits alone are summed exactly; anything else goes through Number(), as JSON.parse. */
function numberAt(b: Uint8Array, start: number, end: number): number {
  if (end - start <= 15) {
    let v = 0;
    let i = start;
    for (; i < end; i++) {
      const d = b[i]! - 0x30;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === end) return v;
  }
  return Number(latin1(asBuffer(b), start, end));
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function literal(b: Uint8Array, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

function space(b: Uint8Array, i: number): number {
  // JSON.stringify writes none: the common case is one comparison
  if (i < 0 || b[i]! > 0x20) return i;
  const n = b.length;
  for (; i < n; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return i;
}

function named(b: Uint8Array, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (b[start + k] !== name.charCodeAt(k)) return false;
  return true;
}
