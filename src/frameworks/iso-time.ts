import { asBuffer, latin1 } from '../formats/text.js';

/**
 * Date.parse for the one form express-session and @fastify/session write (`Date#toJSON`:
 * `YYYY-MM-DDTHH:MM:SS.sssZ`), without the general parser: it runs once per scanned key. Fields
 * in ranges where Date.UTC and Date.parse agree (year 1000-9999, a day the month has, no leap second
 * or 24:00) take the quick path; anything else, or any other form, goes to Date.parse.
 *
 * @example
 * parseIsoTime('2026-11-23T05:23:48.516Z') === Date.parse('2026-11-23T05:23:48.516Z') // true
 */
export function parseIsoTime(s: string): number {
  if (
    s.length !== 24 ||
    s.charCodeAt(4) !== 0x2d ||
    s.charCodeAt(7) !== 0x2d ||
    s.charCodeAt(10) !== 0x54 ||
    s.charCodeAt(13) !== 0x3a ||
    s.charCodeAt(16) !== 0x3a ||
    s.charCodeAt(19) !== 0x2e ||
    s.charCodeAt(23) !== 0x5a
  ) {
    return Date.parse(s);
  }
  const t = fromFields(
    digits(s, 0, 4),
    digits(s, 5, 2),
    digits(s, 8, 2),
    digits(s, 11, 2),
    digits(s, 14, 2),
    digits(s, 17, 2),
    digits(s, 20, 3),
  );
  return t === undefined ? Date.parse(s) : t;
}

/**
 * parseIsoTime of the ASCII text at bytes[start, end), read in place: the scan reads express's
 * `expires` from the payload bytes without making a string of it.
 */
export function parseIsoTimeAscii(bytes: Uint8Array, start: number, end: number): number {
  return quickIsoTimeAscii(bytes, start, end) ?? parseIsoTime(latin1(asBuffer(bytes), start, end));
}

/** parseIsoTimeAscii's quick path alone: undefined where parseIsoTime would ask Date.parse. */
export function quickIsoTimeAscii(bytes: Uint8Array, start: number, end: number): number | undefined {
  return end - start === 24 &&
    bytes[start + 4] === 0x2d &&
    bytes[start + 7] === 0x2d &&
    bytes[start + 10] === 0x54 &&
    bytes[start + 13] === 0x3a &&
    bytes[start + 16] === 0x3a &&
    bytes[start + 19] === 0x2e &&
    bytes[start + 23] === 0x5a
    ? fromFields(
        byteDigits(bytes, start, 4),
        byteDigits(bytes, start + 5, 2),
        byteDigits(bytes, start + 8, 2),
        byteDigits(bytes, start + 11, 2),
        byteDigits(bytes, start + 14, 2),
        byteDigits(bytes, start + 17, 2),
        byteDigits(bytes, start + 20, 3),
      )
    : undefined;
}

/**
 * quickIsoTimeAscii of the 24 bytes at `at` in a DataView, read as six 32-bit words: the scan
 * reads a session's `expires` through the view it already holds, a quarter of the reads a byte
 * at a time costs.
 */
export function quickIsoTimeView(v: DataView, at: number): number | undefined {
  const u0 = v.getUint32(at, true); // YYYY
  const u1 = v.getUint32(at + 4, true); // -MM-
  const u2 = v.getUint32(at + 8, true); // DDTh
  const u3 = v.getUint32(at + 12, true); // h:mm
  const u4 = v.getUint32(at + 16, true); // :ss.
  const u5 = v.getUint32(at + 20, true); // fffZ
  if (
    (u1 & 0xff0000ff) !== 0x2d00002d ||
    ((u2 >>> 16) & 0xff) !== 0x54 ||
    ((u3 >>> 8) & 0xff) !== 0x3a ||
    (u4 & 0xff0000ff) !== 0x2e00003a ||
    u5 >>> 24 !== 0x5a
  )
    return undefined;
  const y0 = (u0 & 0xff) - 0x30;
  const y1 = ((u0 >>> 8) & 0xff) - 0x30;
  const y2 = ((u0 >>> 16) & 0xff) - 0x30;
  const y3 = (u0 >>> 24) - 0x30;
  const mo0 = ((u1 >>> 8) & 0xff) - 0x30;
  const mo1 = ((u1 >>> 16) & 0xff) - 0x30;
  const d0 = (u2 & 0xff) - 0x30;
  const d1 = ((u2 >>> 8) & 0xff) - 0x30;
  const h0 = (u2 >>> 24) - 0x30;
  const h1 = (u3 & 0xff) - 0x30;
  const mi0 = ((u3 >>> 16) & 0xff) - 0x30;
  const mi1 = (u3 >>> 24) - 0x30;
  const s0 = ((u4 >>> 8) & 0xff) - 0x30;
  const s1 = ((u4 >>> 16) & 0xff) - 0x30;
  const f0 = (u5 & 0xff) - 0x30;
  const f1 = ((u5 >>> 8) & 0xff) - 0x30;
  const f2 = ((u5 >>> 16) & 0xff) - 0x30;
  // a digit d has d >= 0 and 9 - d >= 0: one negative anywhere marks a non-digit
  if (
    (y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | mo0 | (9 - mo0) | mo1 | (9 - mo1)) < 0 ||
    (d0 | (9 - d0) | d1 | (9 - d1) | h0 | (9 - h0) | h1 | (9 - h1) | mi0 | (9 - mi0) | mi1 | (9 - mi1)) < 0 ||
    (s0 | (9 - s0) | s1 | (9 - s1) | f0 | (9 - f0) | f1 | (9 - f1) | f2 | (9 - f2)) < 0
  )
    return undefined;
  return fromFields(
    y0 * 1000 + y1 * 100 + y2 * 10 + y3,
    mo0 * 10 + mo1,
    d0 * 10 + d1,
    h0 * 10 + h1,
    mi0 * 10 + mi1,
    s0 * 10 + s1,
    f0 * 100 + f1 * 10 + f2,
  );
}

/** Epoch ms of the fields, or undefined outside the ranges where Date.UTC and Date.parse agree. */
function fromFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number | undefined {
  // -1 marks a non-digit; the ranges keep Date.UTC from normalising what Date.parse would refuse
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    ms < 0
  ) {
    return undefined;
  }
  // one app's sessions expire on a few days: the last day's count is kept
  const date = (year * 100 + month) * 100 + day;
  if (date !== lastDate) {
    lastDate = date;
    lastDays = daysFromCivil(year, month, day);
  }
  return (lastDays * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + ms;
}

let lastDate = -1;
let lastDays = 0;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): Date.UTC without the call. */
function daysFromCivil(y: number, m: number, d: number): number {
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function byteDigits(bytes: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = (bytes[i] as number) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}
