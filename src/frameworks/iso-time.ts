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
  return (daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + ms;
}

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
