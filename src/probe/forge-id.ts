import { randomInt } from 'node:crypto';

const HEX = '0123456789abcdef';
const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * An id the server never issued, shaped like one it did: same length, same separators and prefix
 * (`s:` of express, dashes of a UUID), every alphanumeric run of 4+ characters re-drawn from the
 * same character class (hex stays hex). URL-encoding is kept as the server used it.
 */
export function forgeId(observed: string): string {
  let decoded = observed;
  let encoded = false;
  try {
    decoded = decodeURIComponent(observed);
    encoded = decoded !== observed;
  } catch {
    /* keep as is */
  }
  const hex = /^[0-9a-f]*$/.test(decoded.replace(/[^A-Za-z0-9]/g, ''));
  const runs = /[A-Za-z0-9]{4,}/.test(decoded) ? /[A-Za-z0-9]{4,}/g : /[A-Za-z0-9]+/g;
  const forged = decoded.replace(runs, (run) =>
    [...run]
      .map((ch) => pick(hex && /[0-9a-f]/.test(ch) ? HEX : /\d/.test(ch) ? DIGITS : /[a-z]/.test(ch) ? LOWER : UPPER))
      .join(''),
  );
  const out = encoded ? encodeURIComponent(forged) : forged;
  // A short or separator-only id can come out unchanged; a suffix still makes it unknown to the server.
  return out === observed ? `${observed}0` : out;
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)]!;
}
