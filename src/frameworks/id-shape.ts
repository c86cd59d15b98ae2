/** Shortest id a custom session layer is believed to use: 64 bits of hex, 96 of base64url. */
const MIN_ID_LENGTH = 16;

/**
 * Whether a key's last segment looks like a session id rather than a name: at least 16 characters
 * of the base64url alphabet that are hex or a uuid (with a digit, so hex-letter words like
 * `facade-decade-accede` stay names), or mixed-case base64url (random ids have both cases; slugs
 * and words in one case do not). One pass, no allocation: it runs for every key the scan cannot
 * place.
 *
 * @example
 * isIdShaped('e53941b4-dc32-4e30-902a-a197cd1140b5') // true
 * isIdShaped('vHOoFdQ1xY2kP9zT3mN8bW') // true
 * isIdShaped('monthly-report-summary') // false
 */
export function isIdShaped(s: string, from = 0): boolean {
  if (s.length - from < MIN_ID_LENGTH) return false;
  let digit = false;
  let upper = false;
  let lower = false;
  let hex = true;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if (c >= 97 && c <= 122) {
      lower = true;
      if (c > 102) hex = false;
    } else if (c >= 65 && c <= 90) {
      upper = true;
      if (c > 70) hex = false;
    } else if (c !== 45 && c !== 95) return false;
    else if (c === 95) hex = false;
  }
  return hex ? digit : upper && lower;
}

/** A prefix whose name says it holds sessions (`session_`, `app:sess:`, `user-sessions:`). */
export function namesSession(prefix: string): boolean {
  return /sess/i.test(prefix);
}
