import { UsageError } from './errors.js';

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses `30s`, `10m`, `24h`, `7d`, `1h30m`, `250ms` into milliseconds. A bare number is refused:
 * a silent unit guess is how a 5-second min-age becomes a 5-hour one.
 */
export function parseDuration(input: string, what = 'duration'): number {
  const text = String(input).trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    pos = re.lastIndex;
  }
  if (text === '' || pos !== text.length) {
    throw new UsageError(`invalid ${what} "${input}": use a number with a unit, e.g. 30s, 10m, 24h, 7d`);
  }
  return Math.round(total);
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** Parses `512`, `4kb`, `10MiB`, `1g` into bytes (binary units). */
export function parseSize(input: string, what = 'size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(input));
  const mult = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || mult === undefined) {
    throw new UsageError(`invalid ${what} "${input}": use bytes or a unit, e.g. 512, 4kb, 10mb, 1gb`);
  }
  return Math.round(Number(m[1]) * mult);
}

/** Parses a rate: `5000`, `5000/s`, `5k/s`, `300/m` into events per second. */
export function parseRate(input: string, what = 'rate'): number {
  const m = /^\s*(\d+(?:\.\d+)?)(k?)\s*(?:\/\s*(s|sec|m|min))?\s*$/i.exec(String(input));
  if (!m || Number(m[1]) <= 0) {
    throw new UsageError(
      `invalid ${what} "${input}": use a positive number per second, e.g. 5000, 5000/s, 5k/s, 300/m`,
    );
  }
  const n = Number(m[1]) * (m[2] ? 1000 : 1);
  const per = (m[3] ?? 's').toLowerCase();
  return per.startsWith('m') ? n / 60 : n;
}

/** Parses a positive integer count such as --max-delete. */
export function parseCount(input: string, what = 'count'): number {
  const m = /^\s*(\d+)(k?)\s*$/i.exec(String(input));
  if (!m) throw new UsageError(`invalid ${what} "${input}": use a whole number, e.g. 1000 or 10k`);
  return Number(m[1]) * (m[2] ? 1000 : 1);
}
