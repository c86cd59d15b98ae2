import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs a session id for the wire: `<id>.<base64url HMAC-SHA256(id)>`. With secret rotation the
 * first secret signs and every secret verifies (express-session's contract), so a deploy can add a
 * new secret in front and drop the old one a session lifetime later.
 */
export function sign(id: string, secret: string): string {
  return `${id}.${mac(id, secret)}`;
}

/** The id inside a signed value if any secret verifies it, else undefined. Constant-time per secret. */
export function unsign(value: string, secrets: readonly string[]): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  let ok = false;
  for (const secret of secrets) {
    const expected = Buffer.from(mac(id, secret));
    // Check every secret, so timing does not reveal which one matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
  }
  return ok ? id : undefined;
}

function mac(id: string, secret: string): string {
  return createHmac('sha256', secret).update(id).digest('base64url');
}
