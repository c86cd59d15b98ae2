import { randomBytes } from 'node:crypto';

/** 32 random bytes = 256 bits, the length Flask-Session ≥ 0.6 uses; express-session uses 192. */
export const SESSION_ID_BYTES = 32;

/** base64url of 32 bytes is 43 characters without padding. */
const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh session id: 256 bits from the CSPRNG, base64url. */
export function generateSessionId(): string {
  return randomBytes(SESSION_ID_BYTES).toString('base64url');
}

/**
 * Whether a client-sent value has the shape of an id we mint. Anything else is dropped before it
 * can reach the store, so garbage never becomes a store lookup (or a key).
 */
export function isSessionId(value: string): boolean {
  return ID_PATTERN.test(value);
}
